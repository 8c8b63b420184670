import * as tf from '@tensorflow/tfjs';
import { checkShape } from './sequence-plan.js';
import type { GRUWeights } from './types.js';

/**
 * A GRU's bias split by where it is added: `bIn` to `x·W` and, with `resetAfter` (bias `[2, 3*units]`), `bRec` to
 * `h·U`; without `resetAfter` the bias is `[3*units]` and all of it is `bIn`. Both null without a bias.
 *
 * @throws ShapeError when the bias shape does not match `resetAfter`.
 */
export function splitGruBias(w: GRUWeights, units: number, resetAfter: boolean): { bIn: tf.Tensor1D | null; bRec: tf.Tensor1D | null } {
  if (!w.bias) return { bIn: null, bRec: null };
  if (resetAfter) {
    checkShape('bias', w.bias, [2, 3 * units]);
    const [a, b] = tf.unstack(w.bias, 0) as [tf.Tensor1D, tf.Tensor1D];
    return { bIn: a, bRec: b };
  }
  checkShape('bias', w.bias, [3 * units]);
  return { bIn: w.bias as tf.Tensor1D, bRec: null };
}
