// The generic per-step loop the RNN layer uses when a cell has no fused path for its configuration.
import * as tf from '@tensorflow/tfjs';
import type { RecurrentCell } from '../cells/recurrent-cell.js';

/**
 * Loop `cell.call` over time with Keras' masking semantics (a masked step carries the states and repeats the
 * previous output, zeros before the first real step). Outputs are in processing order.
 */
export function runCellLoop(
  cell: RecurrentCell,
  x: tf.Tensor3D,
  states: tf.Tensor2D[],
  mask: tf.Tensor | null,
  goBackwards: boolean,
  training: boolean,
): { outputs: tf.Tensor3D; states: tf.Tensor2D[] } {
  const T = x.shape[1];
  const xs = tf.unstack(x, 1) as tf.Tensor2D[];
  const ms = mask ? (tf.unstack(tf.cast(mask, 'float32'), 1).map((m) => tf.expandDims(m, 1)) as tf.Tensor2D[]) : null;
  let s = states;
  let prev: tf.Tensor2D = tf.zeros([x.shape[0], cell.outputSize]);
  const outs: tf.Tensor2D[] = [];
  for (let k = 0; k < T; k++) {
    const t = goBackwards ? T - 1 - k : k;
    const res = cell.call([xs[t] as tf.Tensor2D, ...s], { training }) as tf.Tensor2D[];
    let out = res[0] as tf.Tensor2D;
    let ns = res.slice(1);
    const m = ms ? ms[t] : null;
    if (m) {
      ns = ns.map((n, i) => tf.add(s[i] as tf.Tensor2D, tf.mul(m, tf.sub(n, s[i] as tf.Tensor2D))));
      out = tf.add(prev, tf.mul(m, tf.sub(out, prev)));
    }
    outs.push(out);
    prev = out;
    s = ns;
  }
  return { outputs: tf.stack(outs, 1) as tf.Tensor3D, states: s };
}
