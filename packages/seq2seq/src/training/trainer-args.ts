import { checkInteger, checkKnownOptions, checkNumberInRange, checkOneOf, describeValue, Rng, ValueError } from '@rnn/core';
import * as tf from '@tensorflow/tfjs';
import type { VocabularyLike } from '../persistence/vocabulary-like.js';
import type { Schedule } from '../schedules/schedule.js';
import { scheduleFunction } from '../schedules/schedule-function.js';
import { createTeacherForcingPolicy } from './create-teacher-forcing-policy.js';
import type { ValidationMetric } from './evaluate.js';
import type { OptimizerName } from './optimizer-factory.js';
import type { Seq2SeqBatchSource } from './seq2seq-batch.js';
import type { TeacherForcing } from './teacher-forcing.js';
import type { TeacherForcingPolicy } from './teacher-forcing-policy.js';
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
  /** Folder (replaced atomically at every save). Required, a non-empty string. */
  dir: string;
  /** Save every N optimizer steps (an integer; 0 = not by steps). Default: 0. */
  everySteps?: number;
  /** Save every N epochs (an integer; 0 = not by epochs). Default: 1. At least one of the two must be >= 1. */
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
  /** Clip gradients to this global L2 norm (PyTorch `clip_grad_norm_`, Keras `global_clipnorm`). Default: none. */
  clipNorm?: number;
  /**
   * Clip every gradient element to [−clipValue, clipValue] (Keras `clipvalue`, PyTorch `clip_grad_value_`).
   * As in Keras, only one of `clipNorm` and `clipValue` may be set. Default: none.
   */
  clipValue?: number;
  /**
   * Check that the gradients (not only the loss) are finite before applying them; a NaN/Inf gradient
   * throws `NonFiniteGradientError` and nothing is applied. The check is the global gradient norm,
   * so with `clipNorm` it is free; without it, it costs one reduction over the gradients and a read-back
   * (3.3% of a translation-sized step, measured: see the package README), hence opt-in. Default: false.
   */
  checkGradients?: boolean;
  /** Decoder-input policy. Default: `{ kind: 'always' }`. */
  teacherForcing?: TeacherForcing;
  /** Held-out data evaluated after every epoch. Default: none. */
  validationData?: Seq2SeqBatchSource;
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
  checkGradients: false,
  teacherForcing: { kind: 'always' },
  validationMetrics: ['loss', 'accuracy'],
  progressBar: 'auto',
  seed: 0,
  earlyStopping: { patience: 3, minDelta: 0, restoreBestWeights: false },
  checkpoint: { everySteps: 0, everyEpochs: 1 },
} as const;

/**
 * {@link TrainerArgs} validated, with every default filled in (by {@link resolveTrainerArgs}); options
 * that are off are `null`.
 *
 * @example
 * ```ts
 * resolveTrainerArgs({ clipNorm: 5 }).clipValue; // null
 * ```
 */
export interface ResolvedTrainerArgs {
  epochs: number;
  batchSize: number;
  shuffle: boolean;
  optimizer: OptimizerName | tf.Optimizer;
  learningRate: number;
  /** The multiplier as a function of the step, or null (constant rate). */
  learningRateSchedule: ((step: number) => number) | null;
  clipNorm: number | null;
  clipValue: number | null;
  checkGradients: boolean;
  /** The policy object made from `teacherForcing`. */
  teacherForcing: TeacherForcingPolicy;
  validationData: Seq2SeqBatchSource | null;
  /** The validation metrics, plus the one early stopping monitors. */
  validationMetrics: readonly ValidationMetric[];
  /** With `monitor` resolved (`'valLoss'` with validation data, else `'loss'`). */
  earlyStopping: Required<EarlyStoppingArgs> | null;
  checkpoint: Required<CheckpointArgs> | null;
  resume: string | null;
  callbacks: TrainerCallbacks;
  progressBar: ProgressBarMode;
  seed: number;
  /** The injected RNG, or `new Rng(seed)`. */
  rng: Rng;
  vocabularies: { source?: VocabularyLike; target?: VocabularyLike } | null;
}

const TRAINER_KEYS = [
  'epochs',
  'batchSize',
  'shuffle',
  'optimizer',
  'learningRate',
  'learningRateSchedule',
  'clipNorm',
  'clipValue',
  'checkGradients',
  'teacherForcing',
  'validationData',
  'validationMetrics',
  'earlyStopping',
  'checkpoint',
  'resume',
  'callbacks',
  'progressBar',
  'seed',
  'rng',
  'vocabularies',
] as const satisfies readonly (keyof TrainerArgs)[];
const OPTIMIZER_NAMES: readonly OptimizerName[] = ['adam', 'sgd', 'rmsprop', 'adagrad'];
const VALIDATION_METRICS: readonly ValidationMetric[] = ['loss', 'accuracy', 'exactMatch', 'bleu'];
const MONITORS: readonly MonitoredMetric[] = ['loss', 'valLoss', 'valAccuracy', 'valExactMatch', 'valBleu'];
const MONITORED_METRIC: Record<Exclude<MonitoredMetric, 'loss'>, ValidationMetric> = {
  valLoss: 'loss',
  valAccuracy: 'accuracy',
  valExactMatch: 'exactMatch',
  valBleu: 'bleu',
};

function checkBoolean(name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new ValueError(`Expected \`${name}\` to be a boolean, but got ${describeValue(value)}.`);
  return value;
}

function optionalPositive(name: string, value: number | undefined): number | null {
  return value === undefined ? null : checkNumberInRange(name, value, Number.MIN_VALUE, Number.MAX_VALUE);
}

/**
 * Validate {@link TrainerArgs} and fill every default ({@link TRAINER_DEFAULTS}) once.
 *
 * @throws ValueError naming the option: an unknown option (also inside `earlyStopping`, `checkpoint`,
 * `callbacks`, `vocabularies`, `teacherForcing`), a value out of range, both `clipNorm` and `clipValue`,
 * a `checkpoint` without `dir` or that never saves, a monitor that needs `validationData`, a schedule
 * that is neither a Schedule nor a function.
 * @example
 * ```ts
 * resolveTrainerArgs({ epochs: 3 }).batchSize; // 32
 * resolveTrainerArgs({ checkpoint: {} as never }); // throws: Expected `checkpoint.dir` to be a non-empty string ...
 * ```
 */
export function resolveTrainerArgs(args: TrainerArgs): ResolvedTrainerArgs {
  checkKnownOptions('TrainerArgs', args, TRAINER_KEYS);
  const d = TRAINER_DEFAULTS;
  const epochs = checkInteger('epochs', args.epochs ?? d.epochs, 0);
  const batchSize = checkInteger('batchSize', args.batchSize ?? d.batchSize);
  const shuffle = checkBoolean('shuffle', args.shuffle ?? d.shuffle);
  const optimizer = args.optimizer ?? d.optimizer;
  if (typeof optimizer === 'string') checkOneOf('optimizer', optimizer, OPTIMIZER_NAMES);
  else if (!(optimizer instanceof tf.Optimizer)) {
    throw new ValueError(`Expected \`optimizer\` to be one of ${OPTIMIZER_NAMES.join(', ')} or a tf.Optimizer, but got ${describeValue(optimizer)}.`);
  }
  const learningRate = checkNumberInRange('learningRate', args.learningRate ?? d.learningRate, 0, Number.MAX_VALUE);
  const learningRateSchedule = args.learningRateSchedule === undefined ? null : scheduleFunction('learningRateSchedule', args.learningRateSchedule);
  const clipNorm = optionalPositive('clipNorm', args.clipNorm);
  const clipValue = optionalPositive('clipValue', args.clipValue);
  if (clipNorm !== null && clipValue !== null) {
    throw new ValueError(`Expected only one of \`clipNorm\` (${clipNorm}) and \`clipValue\` (${clipValue}), as in Keras, but got both.`);
  }
  const checkGradients = checkBoolean('checkGradients', args.checkGradients ?? d.checkGradients);
  const teacherForcing = createTeacherForcingPolicy(args.teacherForcing ?? d.teacherForcing);
  const validationData = args.validationData ?? null;
  const metrics = new Set<ValidationMetric>();
  for (const [i, m] of (args.validationMetrics ?? d.validationMetrics).entries()) metrics.add(checkOneOf(`validationMetrics[${i}]`, m, VALIDATION_METRICS));
  let earlyStopping: Required<EarlyStoppingArgs> | null = null;
  if (args.earlyStopping !== undefined) {
    const es = args.earlyStopping;
    checkKnownOptions('earlyStopping', es, ['monitor', 'patience', 'minDelta', 'restoreBestWeights']);
    const monitor = checkOneOf('earlyStopping.monitor', es.monitor ?? (validationData ? 'valLoss' : 'loss'), MONITORS);
    if (monitor !== 'loss') {
      if (!validationData) throw new ValueError(`Expected \`validationData\` when \`earlyStopping.monitor\` is ${JSON.stringify(monitor)}.`);
      metrics.add(MONITORED_METRIC[monitor]);
    }
    earlyStopping = {
      monitor,
      patience: checkInteger('earlyStopping.patience', es.patience ?? d.earlyStopping.patience),
      minDelta: checkNumberInRange('earlyStopping.minDelta', es.minDelta ?? d.earlyStopping.minDelta, 0, Number.MAX_VALUE),
      restoreBestWeights: checkBoolean('earlyStopping.restoreBestWeights', es.restoreBestWeights ?? d.earlyStopping.restoreBestWeights),
    };
  }
  let checkpoint: Required<CheckpointArgs> | null = null;
  if (args.checkpoint !== undefined) {
    const c = args.checkpoint;
    checkKnownOptions('checkpoint', c, ['dir', 'everySteps', 'everyEpochs']);
    if (typeof c.dir !== 'string' || c.dir === '') {
      throw new ValueError(`Expected \`checkpoint.dir\` to be a non-empty string (the checkpoint folder), but got ${describeValue(c.dir)}.`);
    }
    const everySteps = checkInteger('checkpoint.everySteps', c.everySteps ?? d.checkpoint.everySteps, 0);
    const everyEpochs = checkInteger('checkpoint.everyEpochs', c.everyEpochs ?? d.checkpoint.everyEpochs, 0);
    if (everySteps === 0 && everyEpochs === 0) {
      throw new ValueError('Expected `checkpoint.everySteps` or `checkpoint.everyEpochs` to be >= 1, but both are 0, so no checkpoint would ever be saved.');
    }
    checkpoint = { dir: c.dir, everySteps, everyEpochs };
  }
  if (args.resume !== undefined && (typeof args.resume !== 'string' || args.resume === '')) {
    throw new ValueError(`Expected \`resume\` to be a non-empty string (a checkpoint folder), but got ${describeValue(args.resume)}.`);
  }
  const callbacks = args.callbacks ?? {};
  checkKnownOptions('callbacks', callbacks, ['onBatchEnd', 'onEpochEnd']);
  for (const [k, f] of Object.entries(callbacks)) {
    if (f !== undefined && typeof f !== 'function') throw new ValueError(`Expected \`callbacks.${k}\` to be a function, but got ${describeValue(f)}.`);
  }
  const progressBar = args.progressBar ?? d.progressBar;
  if (progressBar !== 'auto' && typeof progressBar !== 'boolean') {
    throw new ValueError(`Expected \`progressBar\` to be 'auto', true or false, but got ${describeValue(progressBar)}.`);
  }
  const seed = checkInteger('seed', args.seed ?? d.seed, Number.MIN_SAFE_INTEGER);
  if (args.rng !== undefined && !(args.rng instanceof Rng))
    throw new ValueError(`Expected \`rng\` to be an Rng from @rnn/core, but got ${describeValue(args.rng)}.`);
  if (args.vocabularies !== undefined) checkKnownOptions('vocabularies', args.vocabularies, ['source', 'target']);
  return {
    epochs,
    batchSize,
    shuffle,
    optimizer,
    learningRate,
    learningRateSchedule,
    clipNorm,
    clipValue,
    checkGradients,
    teacherForcing,
    validationData,
    validationMetrics: [...metrics],
    earlyStopping,
    checkpoint,
    resume: args.resume ?? null,
    callbacks,
    progressBar,
    seed,
    rng: args.rng ?? new Rng(seed),
    vocabularies: args.vocabularies ?? null,
  };
}

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
