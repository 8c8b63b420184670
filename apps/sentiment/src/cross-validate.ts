import { Rng, writeJsonAtomic } from '@rnn/core/node';
import type { SentimentRecord } from '@rnn/data';
import type * as tf from '@tensorflow/tfjs';
import type { FitProtocol, SentimentConfig } from './config.js';
import { encode, fitTokenizer, loadSplits, vocabularySize } from './data.js';
import { buildModel } from './model.js';
import { predictProbabilities } from './predict-probs.js';
import { binaryScores, trainModel } from './train-loop.js';

/** Loss and accuracy of one set of weights on one set of sentences. */
export interface CvScore {
  loss: number;
  accuracy: number;
}

/** What one epoch of one fold measured: held-out (and, for `holdout`, inner validation) scores of the raw and averaged weights. */
export interface CvEpoch {
  epoch: number;
  trainLoss: number;
  heldOut: CvScore;
  heldOutEma: CvScore;
  /** Inner validation scores (`holdout` only). */
  val?: CvScore;
  valEma?: CvScore;
}

/** One fold of one seed. */
export interface CvFold {
  seed: number;
  fold: number;
  sizes: { train: number; val: number; heldOut: number };
  vocabSize: number;
  /** Process CPU seconds (user + system) of this fold's training and scoring. */
  cpuSeconds: number;
  wallSeconds: number;
  epochs: CvEpoch[];
}

/** Options of {@link crossValidate}. */
export interface CrossValidateArgs {
  /** The UCI sentiment folder. Required. */
  dir: string;
  /** The config every fold trains (its `epochs` is the length of every curve). Required. */
  cfg: SentimentConfig;
  /** `train --seed` of the first split; seeds `seed … seed + seeds − 1` are used. Required. */
  seed: number;
  /** How many seeds (splits). Required. */
  seeds: number;
  /** Folds per seed. Required. */
  folds: number;
  /**
   * How a fold trains, mirroring `train`: `holdout` splits the fold's training part again into train and
   * validation in the 70:10 ratio of the real split (so a validation checkpoint is scored honestly on the
   * held-out fold); `refit` trains on the whole training part. Required.
   */
  protocol: FitProtocol;
  /** Momentum of the shadow weight average scored beside the raw weights (Keras `ema_momentum`). Required. */
  emaMomentum: number;
  /** Keep only the first `limit` lines of each source file (tests). Default: `undefined` (all). */
  limit?: number;
  /** Written (atomically) after every fold, so a cut-off run keeps what it measured. Default: `undefined` (not written). */
  jsonPath?: string;
  /** Extra fields stored in the JSON beside the folds. Default: `{}`. */
  meta?: Record<string, unknown>;
  /** Called after every fold. */
  onFold?: (f: CvFold) => void;
}

/**
 * k-fold cross-validation on the NON-TEST sentences of each seed's split (train + validation of `train`'s
 * 70/10/20 split; the test fifth is never read). The pool is shuffled with `new Rng(seed + 1000)` and dealt
 * into `folds` folds; each fold in turn is held out while a model is trained on the rest (with a tokenizer
 * fitted on that model's own training sentences only), and after every epoch the held-out fold is scored
 * with the raw weights and with their exponential moving average — so one run yields the whole curve, and
 * every checkpoint rule, epoch count and averaging choice can be compared on the same folds.
 *
 * @example
 * ```ts
 * const folds = await crossValidate({ dir, cfg: CONFIGS.small, seed: 42, seeds: 3, folds: 4, protocol: 'refit', emaMomentum: 0.99 });
 * ```
 */
export async function crossValidate(args: CrossValidateArgs): Promise<CvFold[]> {
  const out: CvFold[] = [];
  const { cfg } = args;
  for (let k = 0; k < args.seeds; k++) {
    const seed = args.seed + k;
    const splits = await loadSplits(args.dir, { seed, ratios: cfg.ratios, limit: args.limit });
    const pool = new Rng(seed + 1000).shuffle([...splits.train, ...splits.val]);
    for (let fold = 0; fold < args.folds; fold++) {
      const heldOut = pool.filter((_, i) => i % args.folds === fold);
      const rest = pool.filter((_, i) => i % args.folds !== fold);
      let train: SentimentRecord[] = rest;
      let val: SentimentRecord[] = [];
      if (args.protocol === 'holdout') {
        const nVal = Math.round((rest.length * cfg.ratios[1]) / (cfg.ratios[0] + cfg.ratios[1]));
        train = rest.slice(0, rest.length - nVal);
        val = rest.slice(rest.length - nVal);
      }
      const tok = fitTokenizer(train, cfg.minWordCount);
      const xTrain = encode(
        tok,
        train.map((r) => r.text),
        cfg.maxLen,
      );
      const xVal = encode(
        tok,
        val.map((r) => r.text),
        cfg.maxLen,
      );
      const xHeld = encode(
        tok,
        heldOut.map((r) => r.text),
        cfg.maxLen,
      );
      const yVal = val.map((r) => r.label);
      const yHeld = heldOut.map((r) => r.label);
      const vocabSize = vocabularySize(tok);
      const model = buildModel(cfg, vocabSize, seed * 1000 + fold);
      const epochs: CvEpoch[] = [];
      const cpu0 = process.cpuUsage();
      const t0 = Date.now();
      const score = (m: tf.LayersModel, x: number[][], y: number[]): CvScore => binaryScores(predictProbabilities(m, x), y);
      try {
        await trainModel(
          model,
          { xTrain, yTrain: train.map((r) => r.label), xVal: [], yVal: [] },
          {
            epochs: cfg.epochs,
            batchSize: cfg.batchSize,
            rng: new Rng(seed * 100 + fold),
            checkpoint: 'last',
            emaMomentum: args.emaMomentum,
            onEpoch: (r) => epochs.push({ epoch: r.epoch, trainLoss: r.loss, heldOut: { loss: 0, accuracy: 0 }, heldOutEma: { loss: 0, accuracy: 0 } }),
            onEpochEnd: (_epoch, m, ema) => {
              const e = epochs[epochs.length - 1] as CvEpoch;
              e.heldOut = score(m, xHeld, yHeld);
              if (val.length > 0) e.val = score(m, xVal, yVal);
              const avg = (fn: () => CvScore): CvScore => (ema ? ema.withAverage(m, fn) : fn());
              e.heldOutEma = avg(() => score(m, xHeld, yHeld));
              if (val.length > 0) e.valEma = avg(() => score(m, xVal, yVal));
            },
          },
        );
      } finally {
        model.dispose();
      }
      const cpu = process.cpuUsage(cpu0);
      const f: CvFold = {
        seed,
        fold,
        sizes: { train: train.length, val: val.length, heldOut: heldOut.length },
        vocabSize,
        cpuSeconds: (cpu.user + cpu.system) / 1e6,
        wallSeconds: (Date.now() - t0) / 1000,
        epochs,
      };
      out.push(f);
      args.onFold?.(f);
      if (args.jsonPath !== undefined) {
        writeJsonAtomic(args.jsonPath, {
          ...args.meta,
          protocol: args.protocol,
          emaMomentum: args.emaMomentum,
          folds: args.folds,
          seeds: args.seeds,
          seed: args.seed,
          cfg,
          results: out,
        });
      }
    }
  }
  return out;
}
