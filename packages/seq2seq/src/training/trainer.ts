import { checkInteger, checkKnownOptions, checkNumberInRange, FileFormatError, Rng, ValueError } from '@rnn/core';
import * as tf from '@tensorflow/tfjs';
import type { Seq2Seq } from '../model/seq2seq.js';
import { loadSeq2Seq } from '../persistence/load-seq2seq.js';
import { saveSeq2Seq } from '../persistence/save-seq2seq.js';
import { clipByGlobalNorm } from './clip-by-global-norm.js';
import { evaluate, type ValidationMetric } from './evaluate.js';
import { NonFiniteLossError } from './non-finite-loss-error.js';
import { createOptimizer, setOptimizerLearningRate } from './optimizer-factory.js';
import { policyDecoderInput, policyLoss } from './policy-loss.js';
import { type BatchSource, epochBatches, type Seq2SeqBatch, targetTokenCount } from './seq2seq-batch.js';
import { type TeacherForcing, teacherForcingProbability } from './teacher-forcing.js';
import {
  type EpochLogs,
  type MonitoredMetric,
  TRAINER_DEFAULTS,
  type TrainerArgs,
  type TrainingHistory,
} from './trainer-args.js';
import { createTrainingProgress } from './training-progress.js';

const KNOWN = [
  'epochs', 'batchSize', 'shuffle', 'optimizer', 'learningRate', 'learningRateSchedule', 'clipNorm', 'teacherForcing',
  'validationData', 'validationMetrics', 'earlyStopping', 'checkpoint', 'resume', 'callbacks', 'progressBar', 'seed', 'rng', 'vocabularies',
];

/** Everything needed to continue a run exactly (saved as `training-state.json`). */
interface TrainerState {
  version: 1;
  step: number;
  epoch: number;
  batchInEpoch: number;
  rngState: number;
  epochLossSum: number;
  epochTokens: number;
  history: TrainingHistory;
  best: number | null;
  wait: number;
  optimizerClass: string;
}

const VAL_KEY: Record<Exclude<MonitoredMetric, 'loss'>, ValidationMetric> = {
  valLoss: 'loss',
  valAccuracy: 'accuracy',
  valExactMatch: 'exactMatch',
  valBleu: 'bleu',
};

/**
 * Trains a {@link Seq2Seq}: batches, optimizer with learning-rate schedule, gradient clipping by
 * global norm, teacher forcing or scheduled sampling, validation and early stopping, periodic
 * checkpoints and exact `resume`, NaN/Inf detection, callbacks, a TTY progress bar and a history.
 *
 * One step: compute the decoder input for the policy (outside the tape), `tf.variableGrads` of the
 * masked token loss over the model's variables, check the loss is finite (else
 * {@link NonFiniteLossError}, nothing applied), clip, `optimizer.applyGradients`.
 *
 * @remarks
 * Resuming restores weights, the optimizer's slots (`optimizer.getWeights()`: Adam's moments and
 * step count), the trainer RNG's state, the step, epoch and position in the epoch, so the next step's
 * loss equals the uninterrupted run's (the epoch's batches are rebuilt from the same seed).
 *
 * @example
 * ```ts
 * const trainer = new Trainer(model, { epochs: 5, learningRate: 3e-3, clipNorm: 5 });
 * const history = await trainer.fit(pairs);
 * history.epochs.at(-1)?.loss;
 * trainer.dispose();
 * ```
 */
export class Trainer {
  /** The run's history so far. */
  history: TrainingHistory = { epochs: [], stepLosses: [], stoppedEarly: false, bestEpoch: null };
  /** Updates applied so far. */
  step = 0;
  /** Current epoch (0-based). */
  epoch = 0;
  private batchInEpoch = 0;
  private epochLossSum = 0;
  private epochTokens = 0;
  private best: number | null = null;
  private wait = 0;
  private bestWeights: tf.Tensor[] | null = null;
  private stopRequested = false;
  private readonly optimizer: tf.Optimizer;
  private readonly ownsOptimizer: boolean;
  private rng: Rng;
  private readonly args: TrainerArgs;
  private readonly policy: TeacherForcing;

  /**
   * @param model - the model to train (its variables are updated in place).
   * @param args - see {@link TrainerArgs}; defaults in {@link TRAINER_DEFAULTS}.
   * @throws ValueError for invalid or unknown options.
   */
  constructor(
    readonly model: Seq2Seq,
    args: TrainerArgs = {},
  ) {
    checkKnownOptions('TrainerArgs', args, KNOWN);
    this.args = args;
    checkInteger('epochs', args.epochs ?? TRAINER_DEFAULTS.epochs, 0);
    checkInteger('batchSize', args.batchSize ?? TRAINER_DEFAULTS.batchSize);
    const lr = checkNumberInRange('learningRate', args.learningRate ?? TRAINER_DEFAULTS.learningRate, 0, Number.MAX_VALUE);
    if (args.clipNorm !== undefined) checkNumberInRange('clipNorm', args.clipNorm, Number.MIN_VALUE, Number.MAX_VALUE);
    this.policy = args.teacherForcing ?? TRAINER_DEFAULTS.teacherForcing;
    if (this.policy.kind !== 'always' && this.policy.kind !== 'scheduled') {
      throw new ValueError(`Expected \`teacherForcing.kind\` to be "always" or "scheduled", but got ${JSON.stringify((this.policy as { kind: unknown }).kind)}.`);
    }
    const monitor = args.earlyStopping?.monitor;
    if (monitor && monitor !== 'loss' && !args.validationData) {
      throw new ValueError(`Expected \`validationData\` when \`earlyStopping.monitor\` is ${JSON.stringify(monitor)}.`);
    }
    const opt = args.optimizer ?? TRAINER_DEFAULTS.optimizer;
    this.ownsOptimizer = typeof opt === 'string';
    this.optimizer = typeof opt === 'string' ? createOptimizer(opt, lr) : opt;
    this.rng = args.rng ?? new Rng(args.seed ?? TRAINER_DEFAULTS.seed);
  }

  /** Ask the run to stop after the current batch (e.g. from a callback). */
  stop(): void {
    this.stopRequested = true;
  }

  /** Learning rate at a step: `learningRate · schedule(step)`. */
  learningRateAt(step: number): number {
    const base = this.args.learningRate ?? TRAINER_DEFAULTS.learningRate;
    const s = this.args.learningRateSchedule;
    if (!s) return base;
    return base * (typeof s === 'function' ? s(step) : s.value(step));
  }

  /** Teacher-forcing probability ε for the current step/epoch. */
  epsilonNow(): number {
    const per = this.policy.kind === 'scheduled' ? (this.policy.per ?? 'step') : 'step';
    return teacherForcingProbability(this.policy, per === 'epoch' ? this.epoch : this.step);
  }

  /**
   * One optimizer step on a batch.
   *
   * @returns the batch's loss (before the update) and the gradient norm.
   * @throws NonFiniteLossError when the loss is NaN/Inf (no update applied).
   */
  trainBatch(batch: Seq2SeqBatch): { loss: number; gradNorm: number; epsilon: number; learningRate: number } {
    const epsilon = this.epsilonNow();
    const learningRate = this.learningRateAt(this.step);
    if (this.args.learningRateSchedule || this.ownsOptimizer) setOptimizerLearningRate(this.optimizer, learningRate);
    const src = tf.tensor2d(batch.source.values as number[][], undefined, 'int32');
    const tgt = tf.tensor2d(batch.target.values as number[][], undefined, 'int32');
    let decIn: tf.Tensor2D | null = null;
    try {
      decIn = policyDecoderInput(this.model, src, tgt, this.policy, epsilon, this.rng);
      const input = decIn;
      const { value, grads } = tf.variableGrads(
        () => policyLoss(this.model, src, tgt, input, this.policy, epsilon, this.rng),
        this.model.trainableVariables,
      );
      const loss = value.dataSync()[0] as number;
      value.dispose();
      if (!Number.isFinite(loss)) {
        tf.dispose(grads);
        throw new NonFiniteLossError(this.step, this.epoch, this.batchInEpoch, loss);
      }
      let gradNorm = Number.NaN;
      if (this.args.clipNorm !== undefined) {
        const clipped = clipByGlobalNorm(grads, this.args.clipNorm);
        tf.dispose(grads);
        gradNorm = clipped.norm;
        this.optimizer.applyGradients(clipped.grads);
        tf.dispose(clipped.grads);
      } else {
        this.optimizer.applyGradients(grads);
        tf.dispose(grads);
      }
      return { loss, gradNorm, epsilon, learningRate };
    } finally {
      tf.dispose([src, tgt]);
      if (decIn) decIn.dispose();
    }
  }

  /**
   * Train on `data` for the configured epochs (continuing from the current step/epoch).
   *
   * @param data - pairs, batches or a per-epoch batch factory (see {@link BatchSource}).
   * @returns the {@link TrainingHistory}.
   * @throws NonFiniteLossError when a loss is NaN/Inf.
   */
  async fit(data: BatchSource): Promise<TrainingHistory> {
    if (this.args.resume) await this.restore(this.args.resume);
    const epochs = this.args.epochs ?? TRAINER_DEFAULTS.epochs;
    const batchSize = this.args.batchSize ?? TRAINER_DEFAULTS.batchSize;
    const shuffle = this.args.shuffle ?? TRAINER_DEFAULTS.shuffle;
    const seed = this.args.seed ?? TRAINER_DEFAULTS.seed;
    const cb = this.args.callbacks ?? {};
    const ckpt = this.args.checkpoint;
    const bar = createTrainingProgress(this.args.progressBar ?? TRAINER_DEFAULTS.progressBar, epochs, () => {
      throw new ValueError("Expected `progressBar` to be 'auto' or false without a terminal, but got true: the terminal bar is in @rnn/seq2seq/node (import { Trainer } from '@rnn/seq2seq/node').");
    });
    this.stopRequested = false;
    try {
      while (this.epoch < epochs && !this.stopRequested) {
        const batches = epochBatches(data, this.epoch, batchSize, shuffle, seed);
        const t0 = performance.now();
        let tokensThisRun = 0;
        bar.startEpoch(this.epoch, batches.length, this.batchInEpoch);
        while (this.batchInEpoch < batches.length && !this.stopRequested) {
          const batch = batches[this.batchInEpoch] as Seq2SeqBatch;
          const r = this.trainBatch(batch);
          const tokens = targetTokenCount(batch);
          this.step++;
          this.history.stepLosses.push(r.loss);
          this.epochLossSum += r.loss * tokens;
          this.epochTokens += tokens;
          tokensThisRun += tokens;
          const batchIndex = this.batchInEpoch;
          this.batchInEpoch++;
          bar.update(this.batchInEpoch, this.step, r.loss, tokensThisRun / ((performance.now() - t0) / 1000));
          if (ckpt?.everySteps && this.step % ckpt.everySteps === 0) await this.saveCheckpoint(ckpt.dir);
          await cb.onBatchEnd?.({ step: this.step, epoch: this.epoch, batch: batchIndex, loss: r.loss, gradNorm: r.gradNorm, learningRate: r.learningRate, epsilon: r.epsilon, tokens });
        }
        bar.stop();
        if (this.batchInEpoch < batches.length) break; // stopped mid-epoch
        const seconds = (performance.now() - t0) / 1000;
        const logs: EpochLogs = {
          epoch: this.epoch,
          loss: this.epochLossSum / Math.max(this.epochTokens, 1),
          learningRate: this.learningRateAt(this.step),
          epsilon: this.epsilonNow(),
          tokensPerSecond: tokensThisRun / Math.max(seconds, 1e-9),
          seconds,
        };
        if (this.args.validationData) await this.validate(logs);
        this.history.epochs.push(logs);
        this.epoch++;
        this.batchInEpoch = 0;
        this.epochLossSum = 0;
        this.epochTokens = 0;
        const stopEarly = this.updateEarlyStopping(logs);
        if (ckpt && this.epoch % (ckpt.everyEpochs ?? TRAINER_DEFAULTS.checkpoint.everyEpochs) === 0) await this.saveCheckpoint(ckpt.dir);
        await cb.onEpochEnd?.(logs);
        if (stopEarly) {
          this.history.stoppedEarly = true;
          if (this.bestWeights && (this.args.earlyStopping?.restoreBestWeights ?? false)) this.model.setWeights(this.bestWeights);
          break;
        }
      }
    } finally {
      bar.stop();
      if (this.bestWeights) tf.dispose(this.bestWeights);
      this.bestWeights = null;
    }
    return this.history;
  }

  private async validate(logs: EpochLogs): Promise<void> {
    const metrics = new Set<ValidationMetric>(this.args.validationMetrics ?? TRAINER_DEFAULTS.validationMetrics);
    const monitor = this.args.earlyStopping?.monitor;
    if (monitor && monitor !== 'loss') metrics.add(VAL_KEY[monitor]);
    const r = await evaluate(this.model, this.args.validationData as BatchSource, {
      metrics: [...metrics],
      batchSize: this.args.batchSize ?? TRAINER_DEFAULTS.batchSize,
    });
    if (r.loss !== undefined) logs.valLoss = r.loss;
    if (r.accuracy !== undefined) logs.valAccuracy = r.accuracy;
    if (r.exactMatch !== undefined) logs.valExactMatch = r.exactMatch;
    if (r.bleu !== undefined) logs.valBleu = r.bleu;
  }

  private updateEarlyStopping(logs: EpochLogs): boolean {
    const es = this.args.earlyStopping;
    if (!es) return false;
    const monitor: MonitoredMetric = es.monitor ?? (this.args.validationData ? 'valLoss' : 'loss');
    const value = logs[monitor];
    if (value === undefined) return false;
    const higherIsBetter = monitor === 'valAccuracy' || monitor === 'valExactMatch' || monitor === 'valBleu';
    const minDelta = es.minDelta ?? TRAINER_DEFAULTS.earlyStopping.minDelta;
    const improved = this.best === null || (higherIsBetter ? value > this.best + minDelta : value < this.best - minDelta);
    if (improved) {
      this.best = value;
      this.wait = 0;
      this.history.bestEpoch = logs.epoch;
      if (es.restoreBestWeights) {
        if (this.bestWeights) tf.dispose(this.bestWeights);
        this.bestWeights = this.model.getWeights();
      }
      return false;
    }
    this.wait++;
    return this.wait >= (es.patience ?? TRAINER_DEFAULTS.earlyStopping.patience);
  }

  /**
   * Save a checkpoint bundle: the model, the vocabularies (if given) and the full training state.
   * Atomic: an interrupted save leaves the previous checkpoint intact.
   */
  async saveCheckpoint(dir: string): Promise<void> {
    const slots = await this.optimizer.getWeights();
    const state: TrainerState = {
      version: 1,
      step: this.step,
      epoch: this.epoch,
      batchInEpoch: this.batchInEpoch,
      rngState: this.rng.state,
      epochLossSum: this.epochLossSum,
      epochTokens: this.epochTokens,
      history: this.history,
      best: this.best,
      wait: this.wait,
      optimizerClass: this.optimizer.getClassName(),
    };
    try {
      await saveSeq2Seq(dir, this.model, {
        sourceVocab: this.args.vocabularies?.source,
        targetVocab: this.args.vocabularies?.target,
        trainingState: { state, tensors: slots.map((s) => ({ name: s.name, tensor: s.tensor })) },
      });
    } finally {
      // getWeights() hands out the optimizer's own slot variables (keep them) plus a fresh iteration-count scalar.
      tf.dispose(slots.map((s) => s.tensor).filter((t) => !(t instanceof tf.Variable)));
    }
  }

  /**
   * Restore weights and training state from a checkpoint written by {@link Trainer.saveCheckpoint}.
   *
   * @throws FileFormatError when the checkpoint has no training state or a different model config or optimizer.
   */
  async restore(dir: string): Promise<void> {
    const loaded = await loadSeq2Seq(dir, { vocabularyFromJSON: (j) => ({ size: Number.NaN, toJSON: () => j }) as never });
    try {
      // `seed` only drives initialisation, which the checkpoint's weights replace.
      const a = JSON.stringify({ ...loaded.model.config, seed: 0 });
      const b = JSON.stringify({ ...this.model.config, seed: 0 });
      if (a !== b) throw new FileFormatError(`Expected the checkpoint in ${dir} to have this model's config ${b}, but it has ${a}.`);
      if (!loaded.trainingState) throw new FileFormatError(`Expected training state in the checkpoint ${dir}, but it has none.`);
      const s = loaded.trainingState.state as TrainerState;
      if (s.optimizerClass !== this.optimizer.getClassName()) {
        throw new FileFormatError(`Expected the checkpoint in ${dir} to come from a ${this.optimizer.getClassName()} optimizer, but it used ${s.optimizerClass}.`);
      }
      const ws = loaded.model.getWeights();
      this.model.setWeights(ws);
      tf.dispose(ws);
      await this.optimizer.setWeights(loaded.trainingState.tensors.map((t) => ({ name: t.name, tensor: t.tensor })));
      this.step = s.step;
      this.epoch = s.epoch;
      this.batchInEpoch = s.batchInEpoch;
      this.rng = Rng.fromState(s.rngState);
      this.epochLossSum = s.epochLossSum;
      this.epochTokens = s.epochTokens;
      this.history = s.history;
      this.best = s.best;
      this.wait = s.wait;
    } finally {
      loaded.model.dispose();
      if (loaded.trainingState) tf.dispose(loaded.trainingState.tensors.map((t) => t.tensor));
    }
  }

  /** Release the optimizer (when the trainer created it) and any kept tensors. The model is not disposed. */
  dispose(): void {
    if (this.ownsOptimizer) this.optimizer.dispose();
    if (this.bestWeights) tf.dispose(this.bestWeights);
    this.bestWeights = null;
  }
}
