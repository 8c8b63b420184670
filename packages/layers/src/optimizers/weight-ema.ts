import { checkNumberInRange } from '@rnn/core';
import * as tf from '@tensorflow/tfjs';

/**
 * An exponential moving average of a model's weights, updated after every training step — what Keras'
 * optimizers do with `use_ema=True, ema_momentum=m` (`ema ← m·ema + (1 − m)·w`, the average starting at the
 * weights of the first step, no bias correction). Training itself is unchanged: the average is a shadow copy
 * that can be swapped in to evaluate or to keep (Keras overwrites the model's weights with it at the end of `fit`).
 *
 * @example
 * ```ts
 * import { WeightEma } from '@rnn/layers';
 * const ema = new WeightEma(0.99);
 * for (const batch of batches) { await model.trainOnBatch(x, y); ema.update(model); }
 * const acc = ema.withAverage(model, () => accuracyOf(model)); // evaluated with the averaged weights
 * ema.dispose();
 * ```
 */
export class WeightEma {
  /** The momentum `m` (fraction of the old average kept at each step). */
  readonly momentum: number;
  private avg: tf.Tensor[] | undefined;

  /** @throws ValueError when `momentum` is not in [0, 0.9999]. */
  constructor(momentum: number) {
    checkNumberInRange('momentum', momentum, 0, 0.9999);
    this.momentum = momentum;
  }

  /** Fold the model's current weights into the average (the first call copies them). */
  update(model: tf.LayersModel): void {
    const weights = model.getWeights();
    if (this.avg === undefined) {
      this.avg = weights.map((w) => w.clone());
      return;
    }
    const m = this.momentum;
    const next = tf.tidy(() => weights.map((w, i) => (this.avg![i] as tf.Tensor).mul(m).add(w.mul(1 - m))));
    for (const a of this.avg) a.dispose();
    this.avg = next;
  }

  /** Copies of the averaged weights (the caller disposes them); the model's own weights if nothing was averaged yet. */
  weights(model: tf.LayersModel): tf.Tensor[] {
    return (this.avg ?? model.getWeights()).map((w) => w.clone());
  }

  /** Run `fn` with the averaged weights in the model, then put the model's own weights back. */
  withAverage<T>(model: tf.LayersModel, fn: () => T): T {
    if (this.avg === undefined) return fn();
    const own = model.getWeights().map((w) => w.clone());
    try {
      model.setWeights(this.avg);
      return fn();
    } finally {
      model.setWeights(own);
      for (const w of own) w.dispose();
    }
  }

  /** Free the averaged tensors. */
  dispose(): void {
    for (const a of this.avg ?? []) a.dispose();
    this.avg = undefined;
  }
}
