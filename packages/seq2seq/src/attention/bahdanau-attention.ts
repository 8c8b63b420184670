import { type Rng, ValueError } from '@rnn/core';
import * as tf from '@tensorflow/tfjs';
import { glorotUniform } from '../model/initializers.js';
import { type AddWeight, AttentionBase, type AttentionSource, built, timeDense } from './attention.js';
import type { AttentionRead } from './luong-attention.js';

/**
 * Bahdanau (additive) attention: scoreₛ = vᵀ tanh(W₁h̄ₛ + W₂q) with q the previous top decoder state,
 * α = softmax(score + maskBias), context = Σₛ αₛ h̄ₛ, fed to the first decoder layer's input (so it is
 * read before each step and training needs a step loop). Weights: `attention/W1 [units, units]`,
 * `attention/W2 [units, units]`, `attention/v [units]`, then `attention/Wc`.
 *
 * @example
 * ```ts
 * const a = new BahdanauAttention(64); // a.decoderInputWidth === 64
 * ```
 */
export class BahdanauAttention extends AttentionBase {
  readonly kind = 'bahdanau' as const;
  override readonly decoderInputWidth: number;
  override readonly readsAllSteps = false;
  private w1: tf.Variable | null = null;
  private w2: tf.Variable | null = null;
  private v: tf.Variable | null = null;

  constructor(units: number) {
    super(units);
    this.decoderInputWidth = units;
  }

  protected buildScore(add: AddWeight, rng: Rng): void {
    const u = this.units;
    this.w1 = add('attention/W1', [u, u], glorotUniform(rng, u, u));
    this.w2 = add('attention/W2', [u, u], glorotUniform(rng, u, u));
    this.v = add('attention/v', [u], glorotUniform(rng, u, 1));
  }

  /** W₁·memory. */
  keys(memory: tf.Tensor3D): tf.Tensor3D {
    return timeDense(memory, built(this.w1, 'attention/W1') as tf.Tensor2D);
  }

  readSequence(): never {
    throw new ValueError('Expected a step-by-step read for Bahdanau attention (readsAllSteps is false), but readSequence was called.');
  }

  /** @param state - previous top decoder state `[batch, units]`. */
  readBeforeStep(state: tf.Tensor2D, source: AttentionSource): AttentionRead<tf.Tensor2D, tf.Tensor2D> {
    const w2 = built(this.w2, 'attention/W2') as tf.Tensor2D;
    const v = built(this.v, 'attention/v') as tf.Tensor1D;
    const keys = source.keys as tf.Tensor3D;
    const q = tf.expandDims(tf.matMul(state, w2), 1); // [B,1,U]
    const e = tf.tanh(tf.add(keys, q)); // [B,S,U]
    const [b, s, u] = e.shape as [number, number, number];
    const scores = tf.reshape(tf.matMul(tf.reshape(e, [b * s, u]), tf.reshape(v, [u, 1])), [b, 1, s]);
    const weights = tf.softmax(tf.add(scores, source.maskBias), -1) as tf.Tensor3D; // [B,1,S]
    const context = tf.squeeze(tf.matMul(weights, source.memory), [1]) as tf.Tensor2D;
    return { context, weights: tf.squeeze(weights, [1]) as tf.Tensor2D };
  }

  readAfterStep(): null {
    return null;
  }
}
