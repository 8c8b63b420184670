// TEMPORARY plain-tf reference of @rnn/layers' fused ops, used only until @rnn/layers exports them.
import * as tf from '@tensorflow/tfjs';

export interface GRUWeights { kernel: tf.Tensor2D; recurrentKernel: tf.Tensor2D; bias?: tf.Tensor }
export interface LSTMWeights { kernel: tf.Tensor2D; recurrentKernel: tf.Tensor2D; bias?: tf.Tensor1D }
export interface SequenceOptions { mask?: tf.Tensor; goBackwards?: boolean }

export function gruStep(x: tf.Tensor2D, h: tf.Tensor2D, w: GRUWeights, _o?: { resetAfter?: boolean }): tf.Tensor2D {
  const u = h.shape[1];
  let xg = tf.matMul(x, w.kernel);
  let hg = tf.matMul(h, w.recurrentKernel);
  if (w.bias) {
    const b = w.bias as tf.Tensor2D;
    xg = tf.add(xg, tf.squeeze(tf.slice(b, [0, 0], [1, 3 * u]), [0]));
    hg = tf.add(hg, tf.squeeze(tf.slice(b, [1, 0], [1, 3 * u]), [0]));
  }
  const [xz, xr, xh] = tf.split(xg, 3, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
  const [hz, hr, hh] = tf.split(hg, 3, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
  const z = tf.sigmoid(tf.add(xz, hz));
  const r = tf.sigmoid(tf.add(xr, hr));
  const cand = tf.tanh(tf.add(xh, tf.mul(r, hh)));
  return tf.add(tf.mul(z, h), tf.mul(tf.sub(1, z), cand)) as tf.Tensor2D;
}

export function lstmStep(x: tf.Tensor2D, s: [tf.Tensor2D, tf.Tensor2D], w: LSTMWeights): [tf.Tensor2D, tf.Tensor2D] {
  const [h, c] = s;
  let g = tf.add(tf.matMul(x, w.kernel), tf.matMul(h, w.recurrentKernel));
  if (w.bias) g = tf.add(g, w.bias);
  const [gi, gf, gc, go] = tf.split(g, 4, 1);
  const c2 = tf.add(tf.mul(tf.sigmoid(gf as tf.Tensor), c), tf.mul(tf.sigmoid(gi as tf.Tensor), tf.tanh(gc as tf.Tensor))) as tf.Tensor2D;
  const h2 = tf.mul(tf.sigmoid(go as tf.Tensor), tf.tanh(c2)) as tf.Tensor2D;
  return [h2, c2];
}

function runSeq<S extends tf.Tensor2D[]>(inputs: tf.Tensor3D, init: S, step: (x: tf.Tensor2D, s: S) => S, o: SequenceOptions = {}) {
  const T = inputs.shape[1];
  const xs = tf.unstack(inputs, 1) as tf.Tensor2D[];
  const ms = o.mask ? (tf.unstack(tf.cast(o.mask, 'float32'), 1).map((m) => tf.expandDims(m, 1)) as tf.Tensor2D[]) : null;
  let s = init;
  let prevOut = init[0] as tf.Tensor2D;
  const outs: tf.Tensor2D[] = [];
  for (let k = 0; k < T; k++) {
    const t = o.goBackwards ? T - 1 - k : k;
    let ns = step(xs[t] as tf.Tensor2D, s);
    let out = ns[0] as tf.Tensor2D;
    if (ms) {
      const m = ms[t] as tf.Tensor2D;
      ns = ns.map((n, i) => tf.add(tf.mul(m, n), tf.mul(tf.sub(1, m), s[i] as tf.Tensor2D))) as S;
      out = tf.add(tf.mul(m, out), tf.mul(tf.sub(1, m), prevOut)) as tf.Tensor2D;
    }
    outs.push(out);
    prevOut = out;
    s = ns;
  }
  return { outputs: tf.stack(outs, 1) as tf.Tensor3D, finalState: s };
}

export function gruSequence(inputs: tf.Tensor3D, initialState: tf.Tensor2D, w: GRUWeights, o?: SequenceOptions & { resetAfter?: boolean }) {
  const r = runSeq(inputs, [initialState], (x, s) => [gruStep(x, s[0] as tf.Tensor2D, w)], o);
  return { outputs: r.outputs, finalState: r.finalState[0] as tf.Tensor2D };
}

export function lstmSequence(inputs: tf.Tensor3D, initialState: [tf.Tensor2D, tf.Tensor2D], w: LSTMWeights, o?: SequenceOptions) {
  const r = runSeq(inputs, initialState, (x, s) => lstmStep(x, s, w), o);
  return { outputs: r.outputs, finalState: r.finalState };
}
