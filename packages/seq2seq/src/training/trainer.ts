import { FileFormatError, Rng, ValueError } from '@rnn/core';
import { globalNorm, scaleToGlobalNorm } from '@rnn/layers';
import * as tf from '@tensorflow/tfjs';
import type { Seq2Seq } from '../model/seq2seq.js';
import { loadSeq2Seq } from '../persistence/load-seq2seq.js';
import { saveSeq2Seq } from '../persistence/save-seq2seq.js';
import { checkEpochBatches, checkTrainingData } from './check-training-data.js';
import { evaluate } from './evaluate.js';
import { NonFiniteGradientError } from './non-finite-gradient-error.js';
import { NonFiniteLossError } from './non-finite-loss-error.js';
import { createOptimizer, restoreOptimizerWeights, setOptimizerLearningRate } from './optimizer-factory.js';
import { epochBatches, type Seq2SeqBatch, type Seq2SeqBatchSource, targetTokenCount } from './seq2seq-batch.js';
import type { BatchLoss } from './teacher-forcing-policy.js';
import { type EpochLogs, type ResolvedTrainerArgs, resolveTrainerArgs, type TrainerArgs, type TrainingHistory } from './trainer-args.js';
import { createTrainingProgress } from './training-progress.js';

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

/**
 * Trains a {@link Seq2Seq}: batches, optimizer with learning-rate schedule, gradient clipping by
 * global norm or by value, teacher forcing or scheduled sampling, validation and early stopping, periodic
 * checkpoints and exact `resume`, NaN/Inf detection, callbacks, a TTY progress bar and a history.
 * The options are validated and filled once ({@link resolveTrainerArgs}).
 *
 * One step: the teacher-forcing policy prepares the batch's loss (anything off the tape first),
 * `tf.variableGrads` of that loss over the model's variables, check the loss is finite (else
 * {@link NonFiniteLossError}) and, with `checkGradients` or `clipNorm`, the gradient norm (else
 * {@link NonFiniteGradientError}; nothing applied in either case), clip, `optimizer.applyGradients`.
 *
 * @remarks
 * Resuming restores weights, the optimizer's slots (`optimizer.getWeights()`: Adam's moments and
 * step count; Adam's β₁ᵗ, β₂ᵗ as training builds them), the trainer RNG's state, the step, epoch and
 * position in the epoch, so every later step's loss equals the uninterrupted run's bit for bit (the
 * epoch's batches are rebuilt from the same seed).
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
  /** The options, validated and with every default filled in once. */
  private readonly args: ResolvedTrainerArgs;

  /**
   * @param model - the model to train (its variables are updated in place).
   * @param args - see {@link TrainerArgs}; defaults in {@link TRAINER_DEFAULTS}.
   * @throws ValueError for invalid or unknown options (see {@link resolveTrainerArgs}).
   */
  constructor(
    readonly model: Seq2Seq,
    args: TrainerArgs = {},
  ) {
    this.args = resolveTrainerArgs(args);
    const opt = this.args.optimizer;
    this.ownsOptimizer = typeof opt === 'string';
    this.optimizer = typeof opt === 'string' ? createOptimizer(opt, this.args.learningRate) : opt;
    this.rng = this.args.rng;
  }

  /** Ask the run to stop after the current batch (e.g. from a callback). */
  stop(): void {
    this.stopRequested = true;
  }

  /** Learning rate at a step: `learningRate · schedule(step)`. */
  learningRateAt(step: number): number {
    const s = this.args.learningRateSchedule;
    return s ? this.args.learningRate * s(step) : this.args.learningRate;
  }

  /** Teacher-forcing probability ε for the current step/epoch. */
  epsilonNow(): number {
    return this.args.teacherForcing.epsilon(this.step, this.epoch);
  }

  /**
   * One optimizer step on a batch: the policy's loss and its gradients, the finite checks, clipping
   * (`clipNorm` or `clipValue`), `optimizer.applyGradients`.
   *
   * @returns the batch's loss (before the update), the global gradient norm before clipping (NaN when
   * neither `clipNorm` nor `checkGradients` asked for it), ε and the learning rate used.
   * @throws NonFiniteLossError when the loss is NaN/Inf, NonFiniteGradientError when the gradient norm is
   * (with `checkGradients` or `clipNorm`); no update is applied then.
   */
  trainBatch(batch: Seq2SeqBatch): { loss: number; gradNorm: number; epsilon: number; learningRate: number } {
    const epsilon = this.epsilonNow();
    const learningRate = this.learningRateAt(this.step);
    if (this.args.learningRateSchedule || this.ownsOptimizer) setOptimizerLearningRate(this.optimizer, learningRate);
    const src = tf.tensor2d(batch.source.values as number[][], undefined, 'int32');
    const tgt = tf.tensor2d(batch.target.values as number[][], undefined, 'int32');
    let grads: tf.NamedTensorMap = {};
    let prepared: BatchLoss | null = null;
    try {
      prepared = this.args.teacherForcing.prepare(this.model, { source: src, target: tgt, targetIds: batch.target.values }, epsilon, this.rng);
      const p = prepared;
      const r = tf.variableGrads(() => p.loss(), this.model.trainableVariables);
      grads = r.grads;
      const loss = r.value.dataSync()[0] as number;
      r.value.dispose();
      if (!Number.isFinite(loss)) throw new NonFiniteLossError(this.step, this.epoch, this.batchInEpoch, loss);
      const { clipNorm, clipValue } = this.args;
      const gradNorm = clipNorm !== null || this.args.checkGradients ? globalNorm(grads) : Number.NaN;
      if ((clipNorm !== null || this.args.checkGradients) && !Number.isFinite(gradNorm)) {
        throw new NonFiniteGradientError(this.step, this.epoch, this.batchInEpoch, gradNorm);
      }
      let apply: tf.NamedTensorMap | null = null;
      if (clipNorm !== null) apply = scaleToGlobalNorm(grads, gradNorm, clipNorm);
      else if (clipValue !== null) apply = mapGrads(grads, (g) => tf.clipByValue(g, -clipValue, clipValue));
      this.optimizer.applyGradients(apply ?? grads);
      if (apply) tf.dispose(apply);
      return { loss, gradNorm, epsilon, learningRate };
    } finally {
      tf.dispose(grads);
      prepared?.dispose();
      tf.dispose([src, tgt]);
    }
  }

  /**
   * Train on `data` for the configured epochs (continuing from the current step/epoch).
   *
   * @param data - pairs, batches or a per-epoch batch factory (see {@link Seq2SeqBatchSource}).
   * @returns the {@link TrainingHistory}.
   * @throws NonFiniteLossError when a loss is NaN/Inf.
   * @throws ValueError for empty data or an id out of the model's vocabularies (before any step).
   */
  async fit(data: Seq2SeqBatchSource): Promise<TrainingHistory> {
    checkTrainingData(data, this.model.config, 'data');
    if (this.args.validationData) checkTrainingData(this.args.validationData, this.model.config, 'validationData');
    if (this.args.resume) await this.restore(this.args.resume);
    const { epochs, batchSize, shuffle, seed, callbacks: cb, checkpoint: ckpt } = this.args;
    const bar = createTrainingProgress(this.args.progressBar, epochs, () => {
      throw new ValueError(
        "Expected `progressBar` to be 'auto' or false without a terminal, but got true: the terminal bar is in @rnn/seq2seq/node (import { Trainer } from '@rnn/seq2seq/node').",
      );
    });
    this.stopRequested = false;
    try {
      while (this.epoch < epochs && !this.stopRequested) {
        const batches = epochBatches(data, this.epoch, batchSize, shuffle, seed);
        if (typeof data === 'function') checkEpochBatches(batches, this.model.config, 'data', this.epoch);
        if (batches.length === 0) {
          // As Keras' fit, which raises a ValueError on empty data (keras-team/keras#16202) rather than report a loss.
          throw new ValueError(`Expected \`data\` to give at least one batch, but epoch ${this.epoch} has none (an empty list of pairs or batches?).`);
        }
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
          if (ckpt && ckpt.everySteps > 0 && this.step % ckpt.everySteps === 0) await this.saveCheckpoint(ckpt.dir);
          await cb.onBatchEnd?.({
            step: this.step,
            epoch: this.epoch,
            batch: batchIndex,
            loss: r.loss,
            gradNorm: r.gradNorm,
            learningRate: r.learningRate,
            epsilon: r.epsilon,
            tokens,
          });
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
        if (ckpt && ckpt.everyEpochs > 0 && this.epoch % ckpt.everyEpochs === 0) await this.saveCheckpoint(ckpt.dir);
        await cb.onEpochEnd?.(logs);
        if (stopEarly) {
          this.history.stoppedEarly = true;
          if (this.bestWeights && this.args.earlyStopping?.restoreBestWeights) this.model.setWeights(this.bestWeights);
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
    const r = await evaluate(this.model, this.args.validationData as Seq2SeqBatchSource, {
      metrics: this.args.validationMetrics,
      batchSize: this.args.batchSize,
    });
    if (r.loss !== undefined) logs.valLoss = r.loss;
    if (r.accuracy !== undefined) logs.valAccuracy = r.accuracy;
    if (r.exactMatch !== undefined) logs.valExactMatch = r.exactMatch;
    if (r.bleu !== undefined) logs.valBleu = r.bleu;
  }

  private updateEarlyStopping(logs: EpochLogs): boolean {
    const es = this.args.earlyStopping;
    if (!es) return false;
    const { monitor, minDelta } = es;
    const value = logs[monitor];
    if (value === undefined) return false;
    const higherIsBetter = monitor === 'valAccuracy' || monitor === 'valExactMatch' || monitor === 'valBleu';
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
    return this.wait >= es.patience;
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
    // The vocabularies are the caller's (`args.vocabularies`); resuming needs only weights and state.
    const loaded = await loadSeq2Seq(dir, { vocabularies: false });
    try {
      // `seed` only drives initialisation, which the checkpoint's weights replace.
      const a = JSON.stringify({ ...loaded.model.config, seed: 0 });
      const b = JSON.stringify({ ...this.model.config, seed: 0 });
      if (a !== b) throw new FileFormatError(`Expected the checkpoint in ${dir} to have this model's config ${b}, but it has ${a}.`);
      if (!loaded.trainingState) throw new FileFormatError(`Expected training state in the checkpoint ${dir}, but it has none.`);
      const s = loaded.trainingState.state as TrainerState;
      if (s.optimizerClass !== this.optimizer.getClassName()) {
        throw new FileFormatError(
          `Expected the checkpoint in ${dir} to come from a ${this.optimizer.getClassName()} optimizer, but it used ${s.optimizerClass}.`,
        );
      }
      const ws = loaded.model.getWeights();
      this.model.setWeights(ws);
      tf.dispose(ws);
      await restoreOptimizerWeights(
        this.optimizer,
        loaded.trainingState.tensors.map((t) => ({ name: t.name, tensor: t.tensor })),
      );
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

/** A new gradient map with `f` applied to every gradient. */
function mapGrads(grads: tf.NamedTensorMap, f: (g: tf.Tensor) => tf.Tensor): tf.NamedTensorMap {
  return Object.fromEntries(Object.entries(grads).map(([n, g]) => [n, f(g)]));
}
