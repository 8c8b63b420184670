import { CharLM, type CharLMConfig } from '@rnn/app-text-generation/model';
import type { Rng } from '@rnn/core';
import * as tf from '@tensorflow/tfjs';

/**
 * Sizes of a {@link CharGRU}: those of the text-generation app's `CharLM` (Embedding → GRU → Dense), which it wraps.
 *
 * @example
 * ```ts
 * const config: CharGRUConfig = { vocabSize: 80, embeddingDim: 32, units: 128, seed: 1 };
 * ```
 */
export type CharGRUConfig = CharLMConfig;

/**
 * The text-generation app's character model (`@rnn/app-text-generation/model`'s `CharLM`, the same weights,
 * forward pass and sampling), trained statefully in the page: the GRU state one batch leaves is where the next
 * starts (truncated BPTT), and weights travel to IndexedDB as one Float32Array.
 *
 * @example
 * ```ts
 * const m = CharGRU.create({ vocabSize: 80, embeddingDim: 32, units: 128, seed: 1 });
 * const loss = m.trainStep(opt, inputs, targets, 5); // nats per character
 * ```
 */
export class CharGRU {
  private state: tf.Tensor2D | null = null;

  private constructor(readonly lm: CharLM) {}

  /** The model's sizes. */
  get config(): CharGRUConfig {
    return this.lm.config;
  }

  /** A freshly initialised model (embedding U(−0.05, 0.05), Glorot-uniform kernels, zero biases). */
  static create(config: CharGRUConfig): CharGRU {
    return new CharGRU(CharLM.create(config));
  }

  /** A model from {@link CharGRU.toFlat}'s weights. */
  static fromFlat(config: CharGRUConfig, flat: Float32Array): CharGRU {
    return new CharGRU(CharLM.fromFlat(config, flat));
  }

  /** All weights as one Float32Array (`CharLM.toFlat`). */
  toFlat(): Float32Array {
    return this.lm.toFlat();
  }

  get trainableVariables(): tf.Variable[] {
    return this.lm.trainableVariables;
  }

  countParams(): number {
    return this.lm.countParams();
  }

  /** Zero the carried GRU state (each epoch starts from zeros). */
  resetState(): void {
    this.state?.dispose();
    this.state = null;
  }

  /**
   * One stateful step of truncated BPTT: forward from the state the previous batch left, Adam with the
   * global gradient norm clipped to `clipNorm`. Returns the batch's cross-entropy (nats per character).
   */
  trainStep(optimizer: tf.Optimizer, inputs: number[][], targets: number[][], clipNorm: number): number {
    const batch = inputs.length;
    if (this.state === null || this.state.shape[0] !== batch) {
      this.state?.dispose();
      this.state = tf.zeros([batch, this.config.units]);
    }
    const start = this.state;
    let next: tf.Tensor2D | null = null;
    const loss = tf.tidy(() => {
      const x = tf.tensor2d(inputs, undefined, 'int32');
      const y = tf.tensor2d(targets, undefined, 'int32');
      const { value, grads } = tf.variableGrads(() => {
        const out = this.lm.forward(x, start);
        next = tf.keep(out.state);
        return tf.mean(CharLM.crossEntropy(out.logits, y)) as tf.Scalar;
      }, this.trainableVariables);
      const list = Object.values(grads);
      const norm = tf.sqrt(tf.addN(list.map((g) => tf.sum(tf.square(g)))));
      const scale = tf.div(clipNorm, tf.maximum(norm, clipNorm));
      optimizer.applyGradients(Object.fromEntries(Object.entries(grads).map(([k, g]) => [k, tf.mul(g, scale)])));
      return value;
    });
    start.dispose();
    this.state = next;
    const v = loss.dataSync()[0] as number;
    loss.dispose();
    return v;
  }

  /** Mean cross-entropy (nats per character) of `ids[1…]` read statefully in `seqLength` windows from a zero state. */
  evaluate(ids: ArrayLike<number>, seqLength: number): number {
    let state: tf.Tensor2D = tf.zeros([1, this.config.units]);
    let sum = 0;
    let count = 0;
    for (let s = 0; s + 1 < ids.length; s += seqLength) {
      const end = Math.min(s + seqLength, ids.length - 1);
      const inputs = Array.from({ length: end - s }, (_, k) => ids[s + k] as number);
      const targets = Array.from({ length: end - s }, (_, k) => ids[s + k + 1] as number);
      const r = tf.tidy(() => {
        const out = this.lm.forward(tf.tensor2d([inputs], undefined, 'int32'), state);
        return { state: out.state, ce: tf.sum(CharLM.crossEntropy(out.logits, tf.tensor2d([targets], undefined, 'int32'))) };
      });
      sum += r.ce.dataSync()[0] as number;
      count += inputs.length;
      r.ce.dispose();
      state.dispose();
      state = r.state;
    }
    state.dispose();
    return sum / count;
  }

  /** `length` ids sampled after `prefix` from softmax(logits / temperature), drawing with `rng`; `banned` ids never. */
  generate(prefix: readonly number[], length: number, temperature: number, rng: Rng, banned: readonly number[] = []): number[] {
    return this.lm.generate(prefix, length, temperature, rng, banned);
  }

  dispose(): void {
    this.resetState();
    this.lm.dispose();
  }
}
