// The reference implementation of the LSTM ops in tf ops (any backend): the step loop and a hand-written BPTT.

import * as tf from '@tensorflow/tfjs';
import {
  checkShape,
  columnSums,
  fastTanh,
  fromTimeMajor,
  fusedBias,
  packOutputs,
  planSequence,
  runPackedOp,
  splitSteps,
  toTimeMajor,
  unpackGrad,
} from './sequence-plan.js';
import type { LSTMWeights } from './types.js';

type GradSave = (tensors: tf.Tensor[]) => void;

/**
 * `lstmSequence` in tf ops: one input-projection matmul for all steps, a loop doing the recurrent matmul and the gate
 * math per step (keeping what BPTT needs), and a `tf.customGrad` backward pass that walks the steps in reverse and
 * then gets `dW` and `dU` as one matmul each over the stacked steps. Call inside a `tf.tidy`.
 *
 * @throws ShapeError when a shape does not match.
 */
export function lstmSequenceReference(
  inputs: tf.Tensor3D,
  initialState: [tf.Tensor2D, tf.Tensor2D],
  w: LSTMWeights,
  o: { mask: tf.Tensor | undefined; goBackwards: boolean },
): { outputs: tf.Tensor3D; finalState: [tf.Tensor2D, tf.Tensor2D] } {
  const units = w.recurrentKernel.shape[0];
  const plan = planSequence(inputs, units, 4, w.kernel, w.recurrentKernel, o.mask, o.goBackwards);
  const { batch: B, time: T, order, masks, seen } = plan;
  checkShape('initialState[0]', initialState[0], [B, units]);
  checkShape('initialState[1]', initialState[1], [B, units]);
  if (w.bias) checkShape('bias', w.bias, [4 * units]);
  const hasBias = w.bias !== undefined;

  const op = tf.customGrad((...args: (tf.Tensor | GradSave)[]) => {
    const save = args[args.length - 1] as GradSave;
    const x = args[0] as tf.Tensor3D;
    const h0 = args[1] as tf.Tensor2D;
    const c0 = args[2] as tf.Tensor2D;
    const W = args[3] as tf.Tensor2D;
    const U = args[4] as tf.Tensor2D;
    const b = hasBias ? (args[5] as tf.Tensor1D) : null;

    const xT = toTimeMajor(x);
    const xp = splitSteps(b ? (tf.fused.matMul({ a: xT, b: W, bias: fusedBias(b) }) as tf.Tensor2D) : tf.matMul(xT, W), T);
    let h = h0;
    let c = c0;
    const outs: tf.Tensor2D[] = [];
    // Saved per processing step: activated gates [i|f|g|o], tanh(c'), cPrev, hPrev.
    const sG: tf.Tensor2D[] = [];
    const sTC: tf.Tensor2D[] = [];
    const sCP: tf.Tensor2D[] = [];
    const sHP: tf.Tensor2D[] = [];
    for (let k = 0; k < T; k++) {
      const t = order[k] as number;
      const hPrev = h;
      const cPrev = c;
      const [hn, cn, gates, tc] = tf.tidy(() => {
        const pre = tf.add(xp[t] as tf.Tensor2D, tf.matMul(hPrev, U));
        const [pi, pf, pg, po] = tf.split<tf.Tensor2D>(pre, 4, 1);
        const i = tf.sigmoid(pi as tf.Tensor2D);
        const f = tf.sigmoid(pf as tf.Tensor2D);
        const g = fastTanh(pg as tf.Tensor2D);
        const og = tf.sigmoid(po as tf.Tensor2D);
        let cn: tf.Tensor2D = tf.add(tf.mul(f, cPrev), tf.mul(i, g));
        const tc = fastTanh(cn);
        let hn: tf.Tensor2D = tf.mul(og, tc);
        if (masks) {
          const m = masks[k] as tf.Tensor2D;
          hn = tf.add(hPrev, tf.mul(m, tf.sub(hn, hPrev)));
          cn = tf.add(cPrev, tf.mul(m, tf.sub(cn, cPrev)));
        }
        return [hn, cn, tf.concat([i, f, g, og], 1), tc];
      }) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
      sG.push(gates);
      sTC.push(tc);
      sCP.push(cPrev);
      sHP.push(hPrev);
      outs.push(seen ? tf.mul(seen[k] as tf.Tensor2D, hn) : hn);
      h = hn;
      c = cn;
    }
    save([xT, W, U, ...sG, ...sTC, ...sCP, ...sHP, ...(masks ?? []), ...(seen ?? [])]);
    return { value: packOutputs(outs, [h, c]), gradFunc };

    function gradFunc(dy: tf.Tensor3D, saved: tf.Tensor[]): tf.Tensor[] {
      const sxT = saved[0] as tf.Tensor2D;
      const sW = saved[1] as tf.Tensor2D;
      const sU = saved[2] as tf.Tensor2D;
      const p = 3;
      const gs = saved.slice(p, p + T) as tf.Tensor2D[];
      const tcs = saved.slice(p + T, p + 2 * T) as tf.Tensor2D[];
      const cps = saved.slice(p + 2 * T, p + 3 * T) as tf.Tensor2D[];
      const hps = saved.slice(p + 3 * T, p + 4 * T) as tf.Tensor2D[];
      const gMasks = masks ? (saved.slice(p + 4 * T, p + 5 * T) as tf.Tensor2D[]) : null;
      const gSeen = seen ? (saved.slice(p + 5 * T, p + 6 * T) as tf.Tensor2D[]) : null;
      const dys = unpackGrad(dy, T + 2);
      const sUT = tf.transpose(sU); // once here rather than by every step's matMul(…, true)
      let dh = dys[T] as tf.Tensor2D;
      let dc = dys[T + 1] as tf.Tensor2D;
      const dG: tf.Tensor2D[] = new Array(T); // by processing step k (pairs with hPrev)
      const dXP: tf.Tensor2D[] = new Array(T); // by input time t
      for (let k = T - 1; k >= 0; k--) {
        const t = order[k] as number;
        const res = tf.tidy(() => {
          let dout = dys[k] as tf.Tensor2D;
          if (gSeen) dout = tf.mul(dout, gSeen[k] as tf.Tensor2D);
          const dhTot = tf.add(dh, dout);
          const m = gMasks ? (gMasks[k] as tf.Tensor2D) : null;
          const dhn = m ? tf.mul(dhTot, m) : dhTot;
          const dcn = m ? tf.mul(dc, m) : dc;
          const gates = gs[k] as tf.Tensor2D;
          const [i, f, g, og] = tf.split<tf.Tensor2D>(gates, 4, 1);
          const tc = tcs[k] as tf.Tensor2D;
          const dct = tf.add(dcn, tf.mul(tf.mul(dhn, og as tf.Tensor2D), tf.sub(1, tf.square(tc))));
          // d(pre) = d(act) ⊙ act'(pre); sigmoid' = s(1−s) for i,f,o and tanh' = 1−g² for g.
          const dAct = tf.concat([tf.mul(dct, g as tf.Tensor2D), tf.mul(dct, cps[k] as tf.Tensor2D), tf.mul(dct, i as tf.Tensor2D), tf.mul(dhn, tc)], 1);
          const deriv = tf.concat(
            [
              tf.mul(i as tf.Tensor2D, tf.sub(1, i as tf.Tensor2D)),
              tf.mul(f as tf.Tensor2D, tf.sub(1, f as tf.Tensor2D)),
              tf.sub(1, tf.square(g as tf.Tensor2D)),
              tf.mul(og as tf.Tensor2D, tf.sub(1, og as tf.Tensor2D)),
            ],
            1,
          );
          const dPre = tf.mul(dAct, deriv);
          let dhPrev: tf.Tensor2D = tf.matMul(dPre, sUT);
          let dcPrev: tf.Tensor2D = tf.mul(dct, f as tf.Tensor2D);
          if (m) {
            dhPrev = tf.add(dhPrev, tf.sub(dhTot, dhn));
            dcPrev = tf.add(dcPrev, tf.sub(dc, dcn));
          }
          return [dhPrev, dcPrev, dPre];
        }) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
        dh = res[0];
        dc = res[1];
        dG[k] = res[2];
        dXP[t] = res[2];
      }
      const dXPAll = T === 1 ? (dXP[0] as tf.Tensor2D) : tf.concat(dXP, 0);
      const dGAll = T === 1 ? (dG[0] as tf.Tensor2D) : tf.concat(dG, 0);
      const hPrevAll = T === 1 ? (hps[0] as tf.Tensor2D) : tf.concat(hps, 0);
      const dx = fromTimeMajor(tf.matMul(dXPAll, sW, false, true), T, B);
      const dW = tf.matMul(sxT, dXPAll, true, false);
      const dU = tf.matMul(hPrevAll, dGAll, true, false);
      const grads: tf.Tensor[] = [dx, dh, dc, dW, dU];
      if (hasBias) grads.push(columnSums(dXPAll));
      return grads;
    }
  });

  const { outputs, states } = runPackedOp(op, [inputs, initialState[0], initialState[1], w.kernel, w.recurrentKernel, w.bias], T, 2);
  return { outputs, finalState: [states[0] as tf.Tensor2D, states[1] as tf.Tensor2D] };
}

/**
 * `lstmStep` in tf ops (differentiable). Shapes are checked by the caller; call inside a `tf.tidy`.
 */
export function lstmStepReference(x: tf.Tensor2D, state: [tf.Tensor2D, tf.Tensor2D], w: LSTMWeights): [tf.Tensor2D, tf.Tensor2D] {
  // matMul + add rather than a fused bias (see gruStepReference): keeps XNNPACK's packed weights cached across steps.
  const xp = w.bias ? (tf.add(tf.matMul(x, w.kernel), w.bias) as tf.Tensor2D) : tf.matMul(x, w.kernel);
  const pre = tf.add(xp, tf.matMul(state[0], w.recurrentKernel));
  const [pi, pf, pg, po] = tf.split<tf.Tensor2D>(pre, 4, 1);
  const c = tf.add(tf.mul(tf.sigmoid(pf as tf.Tensor2D), state[1]), tf.mul(tf.sigmoid(pi as tf.Tensor2D), fastTanh(pg as tf.Tensor2D)));
  const h = tf.mul(tf.sigmoid(po as tf.Tensor2D), fastTanh(c));
  return [h, c] as [tf.Tensor2D, tf.Tensor2D];
}
