/** Read a tensor or nested array into plain numbers without keeping any tensor alive. Internal. */
import * as tf from '@tensorflow/tfjs';
import { flattenWithShape, type NestedNumbers } from '../accuracy/label-arrays.js';

/** Tensor or nested numeric array accepted by the streaming metrics.
 * @example
 * ```ts
 * new Mean().update(tf.scalar(1)).update([2, 3]); // both are TensorOrArray
 * ```
 */
export type TensorOrArray = tf.Tensor | NestedNumbers;

/** Flat data + shape of `x` (a tensor is read synchronously; the caller keeps ownership of it). */
export function readValues(name: string, x: TensorOrArray): { data: number[]; shape: number[] } {
  if (x instanceof tf.Tensor) return { data: Array.from(x.dataSync()), shape: x.shape.slice() };
  return flattenWithShape(name, x);
}
