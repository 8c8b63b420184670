import * as tf from '@tensorflow/tfjs';

/** Large negative number added to the scores of padded source positions before the softmax. */
export const MASKED_SCORE = -1e9;

/**
 * Additive attention bias from a padded source batch: `[batch, 1, srcLen]`, 0 where the source token is
 * real and {@link MASKED_SCORE} where it is padding (id 0), so softmax gives padding zero weight.
 */
export function sourceMaskBias(sourceMask: tf.Tensor2D): tf.Tensor3D {
  return tf.tidy(() => tf.expandDims(tf.mul(tf.sub(1, sourceMask), MASKED_SCORE), 1) as tf.Tensor3D);
}
