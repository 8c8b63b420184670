import * as tf from '@tensorflow/tfjs';

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
  const names = Object.keys(grads);
  const norm = tf.tidy(() => tf.sqrt(tf.addN(names.map((n) => tf.sum(tf.square(grads[n] as tf.Tensor))))).dataSync()[0] as number);
  const scale = norm > maxNorm ? maxNorm / (norm + 1e-6) : 1;
  const out: tf.NamedTensorMap = {};
  for (const n of names) out[n] = tf.mul(grads[n] as tf.Tensor, scale);
  return { grads: out, norm };
}
