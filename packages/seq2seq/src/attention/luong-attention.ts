import * as tf from '@tensorflow/tfjs';

/** Result of an attention read: the context vectors and the attention weights. */
export interface AttentionRead<C extends tf.Tensor, W extends tf.Tensor> {
  /** Weighted sum of the encoder outputs. */
  context: C;
  /** Attention distribution over source positions (rows sum to 1, 0 on padding). */
  weights: W;
}

/**
 * Luong (multiplicative) attention for all decoder steps at once, as two batched matmuls:
 * scores = Q·Kᵀ + maskBias, α = softmax(scores), context = α·memory.
 *
 * @param queries - decoder outputs `[batch, tgtLen, units]`.
 * @param keys - `[batch, srcLen, units]`: the encoder outputs (`'luongDot'`) or encoder outputs · W (`'luongGeneral'`).
 * @param memory - encoder outputs `[batch, srcLen, units]`.
 * @param maskBias - `[batch, 1, srcLen]` from {@link sourceMaskBias}.
 */
export function luongAttention(queries: tf.Tensor3D, keys: tf.Tensor3D, memory: tf.Tensor3D, maskBias: tf.Tensor3D): AttentionRead<tf.Tensor3D, tf.Tensor3D> {
  const scores = tf.add(tf.matMul(queries, keys, false, true), maskBias);
  const weights = tf.softmax(scores, -1) as tf.Tensor3D;
  return { context: tf.matMul(weights, memory) as tf.Tensor3D, weights };
}
