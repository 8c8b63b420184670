import * as tf from '@tensorflow/tfjs';
import type { AttentionRead } from './luong-attention.js';

/**
 * Bahdanau (additive) attention for one decoder step:
 * scoreₛ = vᵀ tanh(W₁h̄ₛ + W₂q), α = softmax(score + maskBias), context = Σₛ αₛ h̄ₛ.
 *
 * @param query - previous decoder state `[batch, units]`.
 * @param keys - precomputed W₁·memory `[batch, srcLen, units]`.
 * @param memory - encoder outputs `[batch, srcLen, units]`.
 * @param w2 - `[units, units]`.
 * @param v - `[units]`.
 * @param maskBias - `[batch, 1, srcLen]`.
 */
export function bahdanauAttention(
  query: tf.Tensor2D,
  keys: tf.Tensor3D,
  memory: tf.Tensor3D,
  w2: tf.Tensor2D,
  v: tf.Tensor1D,
  maskBias: tf.Tensor3D,
): AttentionRead<tf.Tensor2D, tf.Tensor2D> {
  const q = tf.expandDims(tf.matMul(query, w2), 1); // [B,1,U]
  const e = tf.tanh(tf.add(keys, q)); // [B,S,U]
  const [b, s, u] = e.shape as [number, number, number];
  const scores = tf.reshape(tf.matMul(tf.reshape(e, [b * s, u]), tf.reshape(v, [u, 1])), [b, 1, s]);
  const weights = tf.softmax(tf.add(scores, maskBias), -1) as tf.Tensor3D; // [B,1,S]
  const context = tf.squeeze(tf.matMul(weights, memory), [1]) as tf.Tensor2D;
  return { context, weights: tf.squeeze(weights, [1]) as tf.Tensor2D };
}
