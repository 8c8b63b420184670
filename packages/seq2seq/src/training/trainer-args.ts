import type { Rng } from '@rnn/core';
import type * as tf from '@tensorflow/tfjs';
import type { VocabularyLike } from '../persistence/vocabulary-like.js';
import type { Schedule } from '../schedules/schedule.js';
import type { ValidationMetric } from './evaluate.js';
import type { OptimizerName } from './optimizer-factory.js';
import type { BatchSource } from './seq2seq-batch.js';
import type { TeacherForcing } from './teacher-forcing.js';
import type { ProgressBarMode } from './training-progress.js';

/**
 * A quantity early stopping can watch (`val*` need `validationData`).
 *
 * @example
 * ```ts
 * const m: MonitoredMetric = 'valBleu';
 * ```
 */
export type MonitoredMetric = 'loss' | 'valLoss' | 'valAccuracy' | 'valExactMatch' | 'valBleu';

/**
 * Early stopping (Keras `EarlyStopping`).
 *
 * @example
 * ```ts
 * fit(model, pairs, { validationData: val, earlyStopping: { monitor: 'valExactMatch', patience: 5, restoreBestWeights: true } });
 * ```
 */
export interface EarlyStoppingArgs {
  /** What to watch. Default: `'valLoss'` (or `'loss'` without validation data). */
  monitor?: MonitoredMetric;
  /** Epochs without improvement before stopping. Default: 3. */
  patience?: number;
  /** Smallest change that counts as an improvement. Default: 0. */
  minDelta?: number;
  /** Put back the weights of the best epoch when stopping. Default: false (as Keras). */
  restoreBestWeights?: boolean;
}

/**
 * Periodic checkpoints (a full bundle with training state, see `saveSeq2Seq`).
 *
 * @example
 * ```ts
 * fit(model, pairs, { checkpoint: { dir: 'runs/ckpt', everySteps: 500 } });
 * ```
 */
export interface CheckpointArgs {
  /** Folder (replaced atomically at every save). Required. */
  dir: string;
  /** Save every N optimizer steps. Default: never. */
  everySteps?: number;
  /** Save every N epochs. Default: 1. */
  everyEpochs?: number;
}

/**
 * What `onBatchEnd` receives.
 *
 * @example
 * ```ts
 * fit(model, pairs, { callbacks: { onBatchEnd: (i) => console.log(i.step, i.loss, i.epsilon) } });
 * ```
 */
export interface BatchEndInfo {
  /** Global step just completed (1-based count of applied updates). */
  step: number;
  epoch: number;
  /** Batch index within the epoch (0-based). */
  batch: number;
  loss: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
  learningRate: number;
  /** Teacher-forcing probability ε used for this batch. */
  epsilon: number;
  tokens: number;
}

/**
 * One epoch's entry of the history.
 *
 * @example
 * ```ts
 * fit(model, pairs, { callbacks: { onEpochEnd: (l) => console.log(l.epoch, l.loss, l.valLoss) } });
 * ```
 */
export interface EpochLogs {
  epoch: number;
  /** Mean training loss per target token over the epoch. */
  loss: number;
  valLoss?: number;
  valAccuracy?: number;
  valExactMatch?: number;
  valBleu?: number;
  /** Learning rate at the end of the epoch. */
  learningRate: number;
  /** ε at the end of the epoch. */
  epsilon: number;
  tokensPerSecond: number;
  seconds: number;
}

/**
 * Callbacks (Keras-style); may be async.
 *
 * @example
 * ```ts
 * const cb: TrainerCallbacks = { onEpochEnd: (l) => console.log(l) };
 * ```
 */
export interface TrainerCallbacks {
  onBatchEnd?: (info: BatchEndInfo) => void | Promise<void>;
  onEpochEnd?: (logs: EpochLogs) => void | Promise<void>;
}

/**
 * Options of {@link Trainer} and {@link fit}. Defaults in {@link TRAINER_DEFAULTS}.
 *
 * @example
 * ```ts
 * const args: TrainerArgs = { epochs: 20, batchSize: 64, learningRate: 2e-3, clipNorm: 5, validationData: val };
 * ```
 */
export interface TrainerArgs {
  /** Number of epochs. Default: 10. */
  epochs?: number;
  /** Rows per batch when the data is a list of pairs. Default: 32. */
  batchSize?: number;
  /** Reshuffle pairs every epoch (seeded). Default: true. */
  shuffle?: boolean;
  /** Optimizer name or a tfjs optimizer instance. Default: `'adam'`. */
  optimizer?: OptimizerName | tf.Optimizer;
  /** Base learning rate (ignored for an optimizer instance, except with a schedule). Default: 1e-3. */
  learningRate?: number;
  /**
   * Learning-rate multiplier by optimizer step (PyTorch `LambdaLR`): lr(i) = learningRate · schedule(i).
   * Default: none (constant).
   */
  learningRateSchedule?: Schedule | ((step: number) => number);
  /** Clip gradients to this global L2 norm. Default: none (no clipping). */
  clipNorm?: number;
  /** Decoder-input policy. Default: `{ kind: 'always' }`. */
  teacherForcing?: TeacherForcing;
  /** Held-out data evaluated after every epoch. Default: none. */
  validationData?: BatchSource;
  /** Validation metrics. Default: `['loss', 'accuracy']` (plus whatever early stopping monitors). */
  validationMetrics?: readonly ValidationMetric[];
  /** Early stopping. Default: off. */
  earlyStopping?: EarlyStoppingArgs;
  /** Periodic checkpoints. Default: off. */
  checkpoint?: CheckpointArgs;
  /** Resume from this checkpoint folder (weights, optimizer state, RNG state, position). Default: start fresh. */
  resume?: string;
  /** Callbacks. Default: none. */
  callbacks?: TrainerCallbacks;
  /** Terminal progress bar (in Node with `@rnn/seq2seq/node`). Default: `'auto'` (only when stdout is a TTY). */
  progressBar?: ProgressBarMode;
  /** Seed of the trainer's RNG (dropout, scheduled sampling, shuffling). Default: 0. */
  seed?: number;
  /** Inject the RNG instead (its `state` is checkpointed). Default: `new Rng(seed)`. */
  rng?: Rng;
  /** Vocabularies saved in checkpoints. Default: none. */
  vocabularies?: { source?: VocabularyLike; target?: VocabularyLike };
}

/**
 * Defaults of {@link TrainerArgs}.
 *
 * @example
 * ```ts
 * TRAINER_DEFAULTS.learningRate; // 0.001
 * ```
 */
export const TRAINER_DEFAULTS = {
  epochs: 10,
  batchSize: 32,
  shuffle: true,
  optimizer: 'adam',
  learningRate: 1e-3,
  teacherForcing: { kind: 'always' },
  validationMetrics: ['loss', 'accuracy'],
  progressBar: 'auto',
  seed: 0,
  earlyStopping: { patience: 3, minDelta: 0, restoreBestWeights: false },
  checkpoint: { everyEpochs: 1 },
} as const;

/**
 * The record of a run (Keras `History`).
 *
 * @example
 * ```ts
 * const h = await fit(model, pairs); h.epochs.map((e) => e.loss);
 * ```
 */
export interface TrainingHistory {
  /** One entry per completed epoch. */
  epochs: EpochLogs[];
  /** Loss of every optimizer step. */
  stepLosses: number[];
  /** Whether early stopping ended the run. */
  stoppedEarly: boolean;
  /** Epoch with the best monitored value (when early stopping is on). */
  bestEpoch: number | null;
}
