import { Rng } from '@rnn/core';
import { bucketByLength, type PairBatch, paddedBatches, type SequencePair, type TaggedSentence } from '@rnn/data';
import { maskedSparseCategoricalCrossentropyLoss } from '@rnn/metrics';
import * as tf from '@tensorflow/tfjs';
import type { TaggerConfig } from '../config.js';
import type { PosTagger } from './pos-tagger.js';

/**
 * Reported after every training batch.
 *
 * @example
 * ```ts
 * trainTagger(tagger, train, val, { config, seed, onBatchEnd: (i: TaggerBatchInfo) => log(i.loss) });
 * ```
 */
export interface TaggerBatchInfo {
  epoch: number;
  /** Global step, from 1. */
  step: number;
  loss: number;
  /** Real (unpadded) tokens in the batch. */
  tokens: number;
  /** Cells in the batch including padding. */
  cells: number;
}

/**
 * Reported after every epoch.
 *
 * @example
 * ```ts
 * trainTagger(tagger, train, val, { config, seed, onEpochEnd: (i: TaggerEpochInfo) => log(i.valAccuracy) });
 * ```
 */
export interface TaggerEpochInfo {
  /** From 1. */
  epoch: number;
  /** Mean training loss over the epoch's batches (masked cross-entropy per token, dropout on). */
  trainLoss: number;
  /** Masked accuracy on the validation sentences. */
  valAccuracy: number;
  /** Seconds of training (without the validation pass). */
  seconds: number;
  /** Whether this epoch is the best so far on validation (its weights are kept). */
  best: boolean;
}

/**
 * Options of {@link trainTagger}.
 *
 * @example
 * ```ts
 * const args: TrainTaggerArgs = { config: CONFIGS.small, seed: 42 };
 * ```
 */
export interface TrainTaggerArgs {
  config: TaggerConfig;
  seed: number;
  onBatchEnd?: (info: TaggerBatchInfo) => void;
  onEpochEnd?: (info: TaggerEpochInfo) => void;
}

/**
 * What {@link trainTagger} did.
 *
 * @example
 * ```ts
 * const { bestEpoch, trainSeconds }: TrainTaggerResult = await trainTagger(tagger, train, val, args);
 * ```
 */
export interface TrainTaggerResult {
  epochsRun: number;
  bestEpoch: number;
  bestValAccuracy: number;
  /** Training seconds (batches only, no validation passes). */
  trainSeconds: number;
  /** Fraction of batch cells that were padding. */
  paddingFraction: number;
}

/**
 * Train the tagger in place: Adam on the masked sparse categorical cross-entropy of @rnn/metrics
 * (padding, label 0, adds nothing), one `trainOnBatch` per batch, batches rebuilt and reshuffled every
 * epoch (length buckets, or all padded `post` to `maxLength`), rare words replaced by `<unk>` with
 * `unkReplaceProbability`. After every epoch the validation masked accuracy is measured; the best
 * epoch's weights are restored at the end, and training stops after `patience` epochs without gain.
 *
 * @example
 * ```ts
 * const r = await trainTagger(tagger, train, val, { config: CONFIGS.small, seed: 42 });
 * r.bestValAccuracy; // ≈ 0.95
 * ```
 */
export async function trainTagger(
  tagger: PosTagger,
  train: readonly TaggedSentence[],
  val: readonly TaggedSentence[],
  args: TrainTaggerArgs,
): Promise<TrainTaggerResult> {
  const { config, seed } = args;
  const model = tagger.model;
  const classes = tagger.vocabs.numClasses;
  model.compile({ optimizer: tf.train.adam(config.learningRate), loss: maskedSparseCategoricalCrossentropyLoss() });
  const rng = new Rng(seed);
  const tagIds = train.map((s) => tagger.vocabs.encodeTags(s.tags));
  let best = { epoch: 0, acc: -1, weights: null as tf.Tensor[] | null };
  let step = 0;
  let trainSeconds = 0;
  let cells = 0;
  let tokens = 0;
  let epoch = 0;
  try {
    for (epoch = 1; epoch <= config.epochs; epoch++) {
      const t0 = Date.now();
      const examples: SequencePair[] = train.map((s, i) => ({
        source: tagger.vocabs.encodeWords(s.words, { unkReplaceProbability: config.unkReplaceProbability, rng }),
        target: tagIds[i] as number[],
      }));
      const batchArgs = {
        batchSize: config.batchSize,
        shuffle: true,
        seed: rng.int(2 ** 31),
        padding: 'post',
        maxLen: config.maxLength,
        truncating: 'post',
      } as const;
      const batches: PairBatch[] =
        config.batching === 'bucket' ? bucketByLength(examples, batchArgs).batches : paddedBatches(examples, { ...batchArgs, padTo: 'maxLen' });
      let lossSum = 0;
      for (const b of batches) {
        const rows = b.source.values.length;
        const width = b.source.width;
        const x = tf.tensor2d(b.source.values, [rows, width], 'int32');
        const y = tf.tidy(() => tf.oneHot(tf.tensor2d(b.target.values, [rows, width], 'int32'), classes).toFloat());
        const out = await model.trainOnBatch(x, y);
        tf.dispose([x, y]);
        const loss = Array.isArray(out) ? (out[0] as number) : out;
        step++;
        lossSum += loss;
        const real = b.source.lengths.reduce((a, n) => a + n, 0);
        tokens += real;
        cells += rows * width;
        args.onBatchEnd?.({ epoch, step, loss, tokens: real, cells: rows * width });
      }
      const seconds = (Date.now() - t0) / 1000;
      trainSeconds += seconds;
      const valAccuracy = tagger.predict(
        val.map((s) => s.words),
        val.map((s) => s.tags),
      ).maskedAccuracy;
      const isBest = valAccuracy > best.acc;
      if (isBest) {
        for (const w of best.weights ?? []) w.dispose();
        best = { epoch, acc: valAccuracy, weights: model.getWeights().map((w) => w.clone()) };
      }
      args.onEpochEnd?.({ epoch, trainLoss: lossSum / Math.max(batches.length, 1), valAccuracy, seconds, best: isBest });
      if (config.patience > 0 && epoch - best.epoch >= config.patience) break;
    }
    if (best.weights) model.setWeights(best.weights);
  } finally {
    for (const w of best.weights ?? []) w.dispose();
  }
  return {
    epochsRun: Math.min(epoch, config.epochs),
    bestEpoch: best.epoch,
    bestValAccuracy: best.acc,
    trainSeconds,
    paddingFraction: cells === 0 ? 0 : 1 - tokens / cells,
  };
}
