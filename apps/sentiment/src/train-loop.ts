import { checkOneOf, type Rng, ValueError } from '@rnn/core';
import { WeightEma } from '@rnn/layers';
import * as tf from '@tensorflow/tfjs';
import { predictProbabilities } from './predict-probs.js';

/**
 * Which weights {@link trainModel} keeps: the epoch with the best validation accuracy (ties: lower loss), the
 * epoch with the lowest validation loss (Keras `ModelCheckpoint(monitor='val_loss')`), or the last epoch's
 * (no validation needed — how a model refitted on train+validation is trained).
 *
 * @example
 * ```ts
 * const rule: CheckpointRule = 'last';
 * ```
 */
export type CheckpointRule = 'valAccuracy' | 'valLoss' | 'last';

/** One epoch of training, as logged to metrics.json and drawn in the report. */
export interface EpochRecord {
  epoch: number;
  loss: number;
  accuracy: number;
  /** Validation loss of the weights that would be kept (the average when `emaMomentum` > 0); null without validation data. */
  valLoss: number | null;
  /** Validation accuracy, as `valLoss`. */
  valAccuracy: number | null;
  seconds: number;
}

/** Inputs of {@link trainModel}. */
export interface TrainData {
  xTrain: number[][];
  yTrain: number[];
  /** Validation rows (may be empty when `checkpoint` is `'last'`). */
  xVal: number[][];
  yVal: number[];
}

/** Options of {@link trainModel}. */
export interface TrainModelArgs {
  /** Passes over the training set. Required. */
  epochs: number;
  /** Sentences per step (the last batch of an epoch may be smaller). Required. */
  batchSize: number;
  /** Seeded source of the per-epoch batch order. Required. */
  rng: Rng;
  /** Called after every step with the global step (from 1), the batch loss and the non-padding word ids seen so far. */
  onBatch?: (step: number, loss: number, words: number) => void;
  /** Which epoch's weights to keep. Default: `'valAccuracy'`. */
  checkpoint?: CheckpointRule;
  /**
   * Momentum of an exponential moving average of the weights updated after every step (Keras `use_ema=True,
   * ema_momentum`); 0 = no average. With an average, validation scores, the checkpoint and the kept weights
   * are the average's. Default: `0`.
   */
  emaMomentum?: number;
  /** Called after every epoch with its record (validation included). */
  onEpoch?: (r: EpochRecord) => void;
  /**
   * Called after every epoch with the model (holding this epoch's own weights) and the running average, if
   * any — cross-validation scores held-out rows here. Must not keep tensors.
   */
  onEpochEnd?: (epoch: number, model: tf.LayersModel, ema: WeightEma | undefined) => void;
}

/** Result of {@link trainModel}: the model now holds the weights of `bestEpoch`. */
export interface TrainResult {
  history: EpochRecord[];
  bestEpoch: number;
  seconds: number;
}

/**
 * Mean binary cross-entropy (probabilities clipped to [1e-7, 1 − 1e-7], as Keras) and accuracy (threshold 0.5,
 * inclusive) of probabilities against 0/1 labels.
 *
 * @example
 * ```ts
 * binaryScores([0.9, 0.2], [1, 0]); // { loss: 0.1642, accuracy: 1 }
 * ```
 */
export function binaryScores(probs: readonly number[], labels: readonly number[]): { loss: number; accuracy: number } {
  let loss = 0;
  let correct = 0;
  const eps = 1e-7;
  probs.forEach((p, i) => {
    const y = labels[i] as number;
    const q = Math.min(1 - eps, Math.max(eps, p));
    loss -= y * Math.log(q) + (1 - y) * Math.log(1 - q);
    if ((p >= 0.5 ? 1 : 0) === y) correct++;
  });
  return { loss: loss / Math.max(1, probs.length), accuracy: correct / Math.max(1, probs.length) };
}

/**
 * Mini-batch training with a seeded batch order and a checkpoint rule: by default, after every epoch the
 * validation accuracy is measured (ties broken by lower validation loss), the best epoch's weights are kept
 * in memory and restored at the end; `checkpoint: 'valLoss'` keeps the lowest validation loss instead, and
 * `'last'` keeps the last epoch (validation, if given, is only logged). With `emaMomentum` > 0 an exponential
 * moving average of the weights (Keras `use_ema`) is what is validated and kept. The batch order is drawn
 * from `args.rng`; the initial weights and dropout masks come from tfjs' own (unseeded) generator.
 *
 * @throws ValueError when a validation checkpoint is asked for without validation rows.
 * @example
 * ```ts
 * const { bestEpoch, history } = await trainModel(model, { xTrain, yTrain, xVal, yVal }, { epochs: 8, batchSize: 32, rng: new Rng(42) });
 * ```
 */
export async function trainModel(model: tf.LayersModel, data: TrainData, args: TrainModelArgs): Promise<TrainResult> {
  const rule = checkOneOf('checkpoint', args.checkpoint ?? 'valAccuracy', ['valAccuracy', 'valLoss', 'last'] as const);
  const hasVal = data.xVal.length > 0;
  if (rule !== 'last' && !hasVal) {
    throw new ValueError(`Expected validation rows for \`checkpoint\` ${JSON.stringify(rule)}, but got none (use 'last' to train without validation).`);
  }
  const ema = (args.emaMomentum ?? 0) > 0 ? new WeightEma(args.emaMomentum as number) : undefined;
  const n = data.xTrain.length;
  const indices = Array.from({ length: n }, (_, i) => i);
  const history: EpochRecord[] = [];
  let best: { epoch: number; acc: number; loss: number; weights: tf.Tensor[] } | undefined;
  let step = 0;
  let words = 0;
  const t0 = Date.now();
  try {
    for (let epoch = 1; epoch <= args.epochs; epoch++) {
      const te = Date.now();
      const order = args.rng.shuffle(indices);
      let lossSum = 0;
      let accSum = 0;
      for (let start = 0; start < n; start += args.batchSize) {
        const idx = order.slice(start, start + args.batchSize);
        for (const i of idx) for (const id of data.xTrain[i] as number[]) if (id !== 0) words++;
        const x = tf.tensor2d(
          idx.map((i) => data.xTrain[i] as number[]),
          undefined,
          'int32',
        );
        const y = tf.tensor2d(
          idx.map((i) => [data.yTrain[i] as number]),
          undefined,
          'float32',
        );
        let out: number | number[];
        try {
          out = await model.trainOnBatch(x, y);
        } finally {
          x.dispose();
          y.dispose();
        }
        ema?.update(model);
        const [loss, acc] = Array.isArray(out) ? out : [out, Number.NaN];
        lossSum += (loss as number) * idx.length;
        accSum += (acc as number) * idx.length;
        step++;
        args.onBatch?.(step, loss as number, words);
      }
      const kept = <T>(fn: () => T): T => (ema ? ema.withAverage(model, fn) : fn());
      const val = hasVal ? kept(() => binaryScores(predictProbabilities(model, data.xVal), data.yVal)) : undefined;
      const record: EpochRecord = {
        epoch,
        loss: lossSum / n,
        accuracy: accSum / n,
        valLoss: val?.loss ?? null,
        valAccuracy: val?.accuracy ?? null,
        seconds: (Date.now() - te) / 1000,
      };
      history.push(record);
      args.onEpoch?.(record);
      args.onEpochEnd?.(epoch, model, ema);
      const better =
        rule === 'last' ||
        !best ||
        (rule === 'valAccuracy' ? val!.accuracy > best.acc || (val!.accuracy === best.acc && val!.loss < best.loss) : val!.loss < best.loss);
      if (better) {
        for (const w of best?.weights ?? []) w.dispose();
        best = {
          epoch,
          acc: val?.accuracy ?? Number.NaN,
          loss: val?.loss ?? Number.NaN,
          weights: ema ? ema.weights(model) : model.getWeights().map((w) => w.clone()),
        };
      }
    }
    if (best) model.setWeights(best.weights);
    return { history, bestEpoch: best?.epoch ?? 0, seconds: (Date.now() - t0) / 1000 };
  } finally {
    for (const w of best?.weights ?? []) w.dispose();
    ema?.dispose();
  }
}
