import * as tf from '@tensorflow/tfjs';

/**
 * Global L2 norm of a set of gradients: √Σ‖g‖². NaN or Infinity when a gradient holds NaN/Inf (or when the
 * float32 sum of squares overflows).
 *
 * @example
 * ```ts
 * globalNorm({ a: tf.tensor1d([3, 0]), b: tf.tensor1d([0, 4]) }); // 5
 * ```
 */
export function globalNorm(grads: tf.NamedTensorMap): number {
  return tf.tidy(() => tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g))))).dataSync()[0] as number);
}

/** New gradients scaled by `maxNorm / norm` when `norm > maxNorm` (else copies), given their global `norm`. */
export function scaleToGlobalNorm(grads: tf.NamedTensorMap, norm: number, maxNorm: number): tf.NamedTensorMap {
  const scale = norm > maxNorm ? maxNorm / (norm + 1e-6) : 1;
  const out: tf.NamedTensorMap = {};
  for (const [n, g] of Object.entries(grads)) out[n] = tf.mul(g, scale);
  return out;
}

/**
 * Scale gradients so that their global L2 norm is at most `maxNorm` (like `torch.nn.utils.clip_grad_norm_`
 * and Keras `global_clipnorm`). Returns new tensors (the inputs are not disposed) and the norm before clipping.
 *
 * @example
 * ```ts
 * const { grads, norm } = clipByGlobalNorm(rawGrads, 5);
 * ```
 */
export function clipByGlobalNorm(grads: tf.NamedTensorMap, maxNorm: number): { grads: tf.NamedTensorMap; norm: number } {
  const norm = globalNorm(grads);
  return { grads: scaleToGlobalNorm(grads, norm, maxNorm), norm };
}
