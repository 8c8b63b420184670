import type { Rng } from '@rnn/core';
import * as tf from '@tensorflow/tfjs';
import { type AddWeight, AttentionBase, type AttentionSource } from './attention.js';
import { type AttentionRead, luongAttention } from './luong-attention.js';

/**
 * Luong dot attention: score(hₜ, h̄ₛ) = hₜ·h̄ₛ, read after each decoder step from its output, so teacher
 * forcing reads all steps at once with two batched matmuls. Weights: `attention/Wc` only.
 *
 * @example
 * ```ts
 * const a = new LuongDotAttention(64); // a.keys(memory) === memory
 * ```
 */
export class LuongDotAttention extends AttentionBase {
  readonly kind: 'luongDot' | 'luongGeneral' = 'luongDot';

  protected buildScore(_add: AddWeight, _rng: Rng): void {}

  /** The encoder outputs themselves. */
  keys(memory: tf.Tensor3D): tf.Tensor3D {
    return memory;
  }

  readSequence(queries: tf.Tensor3D, source: AttentionSource): AttentionRead<tf.Tensor3D, tf.Tensor3D> {
    return luongAttention(queries, source.keys as tf.Tensor3D, source.memory, source.maskBias);
  }

  readBeforeStep(): null {
    return null;
  }

  readAfterStep(output: tf.Tensor2D, source: AttentionSource): AttentionRead<tf.Tensor2D, tf.Tensor2D> {
    const read = this.readSequence(tf.expandDims(output, 1) as tf.Tensor3D, source);
    return { weights: tf.squeeze(read.weights, [1]) as tf.Tensor2D, context: tf.squeeze(read.context, [1]) as tf.Tensor2D };
  }
}
