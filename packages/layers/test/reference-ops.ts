// Plain per-step tf implementations (autodiff, no fusion) used as an independent check of the fused ops.
import * as tf from '@tensorflow/tfjs';

export type StepFn = (x: tf.Tensor2D, s: tf.Tensor2D[]) => tf.Tensor2D[];

/** Keras' rnn loop: masked steps carry the states and repeat the previous output (zeros before the first). */
export function refLoop(x: tf.Tensor3D, init: tf.Tensor2D[], step: StepFn, mask?: tf.Tensor2D, goBackwards = false) {
  const T = x.shape[1];
  const xs = tf.unstack(x, 1) as tf.Tensor2D[];
  const ms = mask ? (tf.unstack(tf.cast(mask, 'float32'), 1).map((m) => tf.expandDims(m, 1)) as tf.Tensor2D[]) : null;
  let s = init;
  let prev: tf.Tensor2D = tf.zerosLike(init[0] as tf.Tensor2D);
  const outs: tf.Tensor2D[] = [];
  for (let k = 0; k < T; k++) {
    const t = goBackwards ? T - 1 - k : k;
    let ns = step(xs[t] as tf.Tensor2D, s);
    let out = ns[0] as tf.Tensor2D;
    if (ms) {
      const m = ms[t] as tf.Tensor2D;
      ns = ns.map((n, i) => tf.add(tf.mul(m, n), tf.mul(tf.sub(1, m), s[i] as tf.Tensor2D)) as tf.Tensor2D);
      out = tf.add(tf.mul(m, out), tf.mul(tf.sub(1, m), prev));
    }
    outs.push(out);
    prev = out;
    s = ns;
  }
  return { outputs: tf.stack(outs, 1) as tf.Tensor3D, states: s };
}

export function refGruStep(W: tf.Tensor2D, U: tf.Tensor2D, b: tf.Tensor | null, resetAfter: boolean): StepFn {
  return (x, [h]) => {
    const u = U.shape[0];
    const hh = h as tf.Tensor2D;
    let xp = tf.matMul(x, W);
    if (b) xp = tf.add(xp, resetAfter ? tf.slice(b, [0, 0], [1, 3 * u]) : b);
    const [xz, xr, xh] = tf.split(xp, 3, 1);
    const [Uz, Ur, Uh] = tf.split(U, 3, 1);
    let hz = tf.matMul(hh, Uz as tf.Tensor2D);
    let hr = tf.matMul(hh, Ur as tf.Tensor2D);
    let bh: tf.Tensor | null = null;
    if (b && resetAfter) {
      const [bz, br, bhh] = tf.split(tf.slice(b, [1, 0], [1, 3 * u]), 3, 1);
      hz = tf.add(hz, bz as tf.Tensor);
      hr = tf.add(hr, br as tf.Tensor);
      bh = bhh as tf.Tensor;
    }
    const z = tf.sigmoid(tf.add(xz as tf.Tensor, hz));
    const r = tf.sigmoid(tf.add(xr as tf.Tensor, hr));
    let cand: tf.Tensor;
    if (resetAfter) {
      let rec = tf.matMul(hh, Uh as tf.Tensor2D) as tf.Tensor;
      if (bh) rec = tf.add(rec, bh);
      cand = tf.tanh(tf.add(xh as tf.Tensor, tf.mul(r, rec)));
    } else {
      cand = tf.tanh(tf.add(xh as tf.Tensor, tf.matMul(tf.mul(r, hh) as tf.Tensor2D, Uh as tf.Tensor2D)));
    }
    return [tf.add(tf.mul(z, hh), tf.mul(tf.sub(1, z), cand)) as tf.Tensor2D];
  };
}

export function refLstmStep(W: tf.Tensor2D, U: tf.Tensor2D, b: tf.Tensor | null): StepFn {
  return (x, [h, c]) => {
    let g = tf.add(tf.matMul(x, W), tf.matMul(h as tf.Tensor2D, U));
    if (b) g = tf.add(g, b);
    const [i, f, cc, o] = tf.split(g, 4, 1) as tf.Tensor[];
    const c2 = tf.add(tf.mul(tf.sigmoid(f as tf.Tensor), c as tf.Tensor), tf.mul(tf.sigmoid(i as tf.Tensor), tf.tanh(cc as tf.Tensor)));
    return [tf.mul(tf.sigmoid(o as tf.Tensor), tf.tanh(c2)) as tf.Tensor2D, c2 as tf.Tensor2D];
  };
}

export function refRnnStep(W: tf.Tensor2D, U: tf.Tensor2D, b: tf.Tensor | null, activation: 'tanh' | 'relu'): StepFn {
  return (x, [h]) => {
    let p = tf.add(tf.matMul(x, W), tf.matMul(h as tf.Tensor2D, U));
    if (b) p = tf.add(p, b);
    return [(activation === 'tanh' ? tf.tanh(p) : tf.relu(p)) as tf.Tensor2D];
  };
}
