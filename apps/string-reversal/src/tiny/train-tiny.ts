import * as tf from '@tensorflow/tfjs';
import { exactMatchAccuracy } from '../exact-match.js';
import { allLength3Strings, type DecoderFeed, TinyReverser } from './tiny-reverser.js';

/** Options of {@link trainTiny}. */
export interface TrainTinyArgs {
  /** Seed of the initial weights. */
  seed: number;
  /** Full-batch Adam steps with teacher forcing (phase 1). */
  teacherForcingSteps: number;
  /** Full-batch Adam steps free-running (phase 2). */
  freeRunningSteps: number;
  /** Adam learning rate. Default: 0.01. */
  learningRate?: number;
  /** Called every `logEvery` steps and at the end of each phase. */
  onLog?: (step: number, phase: DecoderFeed, loss: number, accuracy: number) => void;
  /** Default: 10. */
  logEvery?: number;
}

/**
 * Defaults of the optional {@link TrainTinyArgs} fields.
 *
 * @example
 * ```ts
 * TRAIN_TINY_DEFAULTS.learningRate; // 0.01
 * ```
 */
export const TRAIN_TINY_DEFAULTS = { learningRate: 0.01, logEvery: 10 } as const;

/** What {@link trainTiny} returns. */
export interface TinyResult {
  model: TinyReverser;
  /** Exact-match accuracy on all 27 length-3 strings (free-running decoding). */
  accuracy: number;
  /** Loss (free-running) at the end. */
  loss: number;
}

/**
 * Exact-match accuracy of free-running reversal on all 27 length-3 strings.
 *
 * @example
 * ```ts
 * tinyAccuracy(trainTiny({ seed: 42, teacherForcingSteps: 300, freeRunningSteps: 300 }).model); // 1
 * ```
 */
export function tinyAccuracy(model: TinyReverser): number {
  const strings = allLength3Strings();
  return exactMatchAccuracy(strings, model.reverse(strings));
}

/**
 * Train the 108-parameter reverser with BPTT on the 27 length-3 strings (full batch, Adam):
 * first with teacher forcing (the decoder is fed the true previous letter), then free-running
 * (it is fed its own argmax, as at inference), so it learns to recover from its own outputs.
 *
 * @example
 * ```ts
 * const { model, accuracy } = trainTiny({ seed: 42, teacherForcingSteps: 300, freeRunningSteps: 300, learningRate: 0.02 });
 * accuracy; // 1 (27/27)
 * ```
 */
export function trainTiny(args: TrainTinyArgs): TinyResult {
  const model = TinyReverser.create(args.seed);
  const optimizer = tf.train.adam(args.learningRate ?? TRAIN_TINY_DEFAULTS.learningRate);
  const x = TinyReverser.oneHot(allLength3Strings());
  const logEvery = args.logEvery ?? TRAIN_TINY_DEFAULTS.logEvery;
  let step = 0;
  let last = Number.NaN;
  try {
    const phases: [DecoderFeed, number][] = [
      ['teacher-forcing', args.teacherForcingSteps],
      ['free-running', args.freeRunningSteps],
    ];
    for (const [feed, steps] of phases) {
      for (let i = 1; i <= steps; i++) {
        step++;
        const cost = optimizer.minimize(() => model.loss(x, feed), true, model.trainableVariables);
        last = cost ? (cost.dataSync()[0] as number) : Number.NaN;
        cost?.dispose();
        if (args.onLog && (i % logEvery === 0 || i === steps)) args.onLog(step, feed, last, tinyAccuracy(model));
      }
    }
    const lossT = model.loss(x, 'free-running');
    last = lossT.dataSync()[0] as number;
    lossT.dispose();
    return { model, accuracy: tinyAccuracy(model), loss: last };
  } finally {
    x.dispose();
    optimizer.dispose();
  }
}
