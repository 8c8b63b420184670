import * as tf from '@tensorflow/tfjs';

/**
 * `tf.tidy` for functions that return a plain object mixing tensors (kept) with numbers, typed arrays
 * or nulls (which tidy walks over and ignores); tf.tidy's own type only admits tensor containers.
 */
export function tidyValue<T>(fn: () => T): T {
  return tf.tidy(fn as unknown as () => tf.TensorContainer) as unknown as T;
}
