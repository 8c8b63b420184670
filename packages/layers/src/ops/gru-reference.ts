// The reference implementation of the GRU ops in tf ops (any backend): the step loop and a hand-written BPTT.

import { ShapeError } from '@rnn/core';
import * as tf from '@tensorflow/tfjs';
import { splitGruBias } from './gru-bias.js';
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
  stepGradient,
  toTimeMajor,
  unpackGrad,
} from './sequence-plan.js';
import type { GRUWeights } from './types.js';

type GradSave = (tensors: tf.Tensor[]) => void;

/**
 * `gruSequence` in tf ops: one input-projection matmul for all steps, a loop doing the recurrent matmul and the gate
 * math per step (keeping what BPTT needs), and a `tf.customGrad` backward pass that walks the steps in reverse and
 * then gets `dW` and `dU` as one matmul each over the stacked steps. Call inside a `tf.tidy`.
 *
 * @throws ShapeError when a shape does not match.
 */
export function gruSequenceReference(
  inputs: tf.Tensor3D,
  initialState: tf.Tensor2D,
  w: GRUWeights,
  o: { mask: tf.Tensor | undefined; goBackwards: boolean; resetAfter: boolean },
): { outputs: tf.Tensor3D; finalState: tf.Tensor2D } {
  const { resetAfter } = o;
  const units = w.recurrentKernel.shape[0];
  const plan = planSequence(inputs, units, 3, w.kernel, w.recurrentKernel, o.mask, o.goBackwards);
  checkShape('initialState', initialState, [plan.batch, units]);
  const { bIn, bRec } = splitGruBias(w, units, resetAfter);
  const hasBias = bIn !== null;
  const { batch: B, time: T, inputDim: I, order, masks, seen } = plan;
  const u = units;

  const op = tf.customGrad((...args: (tf.Tensor | GradSave)[]) => {
    const save = args[args.length - 1] as GradSave;
    const x = args[0] as tf.Tensor3D;
    const h0 = args[1] as tf.Tensor2D;
    const W = args[2] as tf.Tensor2D;
    const U = args[3] as tf.Tensor2D;
    const bi = hasBias ? (args[4] as tf.Tensor1D) : null;
    const br = hasBias && resetAfter ? (args[5] as tf.Tensor1D) : null;

    const xT = toTimeMajor(x);
    const [Uzr, Uh] = resetAfter ? [null, null] : (tf.split<tf.Tensor2D>(U, [2 * u, u], 1) as [tf.Tensor2D, tf.Tensor2D]);
    const xp = bi ? (tf.fused.matMul({ a: xT, b: W, bias: fusedBias(bi) }) as tf.Tensor2D) : tf.matMul(xT, W);
    const [xzrAll, xhAll] = tf.split<tf.Tensor2D>(xp, [2 * u, u], 1) as [tf.Tensor2D, tf.Tensor2D];
    const xzr = splitSteps(xzrAll, T);
    const xh = splitSteps(xhAll, T);

    let h = h0;
    const outs: tf.Tensor2D[] = [];
    // Saved per processing step: zr (post-sigmoid), ĥ, hr (resetAfter: h·Uh+b'h; else r⊙h), hPrev.
    const sZR: tf.Tensor2D[] = [];
    const sHC: tf.Tensor2D[] = [];
    const sHR: tf.Tensor2D[] = [];
    const sHP: tf.Tensor2D[] = [];
    for (let k = 0; k < T; k++) {
      const t = order[k] as number;
      const hPrev = h;
      const [hn, zr, hc, hr] = tf.tidy(() => {
        let zr: tf.Tensor2D;
        let z: tf.Tensor2D;
        let hc: tf.Tensor2D;
        let hr: tf.Tensor2D;
        if (resetAfter) {
          // Unfused bias: XNNPACK keeps U packed across calls (its cache key includes the bias tensor).
          const hp = br ? (tf.add(tf.matMul(hPrev, U), br) as tf.Tensor2D) : tf.matMul(hPrev, U);
          const [hzr, hh] = tf.split<tf.Tensor2D>(hp, [2 * u, u], 1) as [tf.Tensor2D, tf.Tensor2D];
          zr = tf.sigmoid(tf.add(xzr[t] as tf.Tensor2D, hzr)) as tf.Tensor2D;
          const [zPart, r] = tf.split<tf.Tensor2D>(zr, [u, u], 1) as [tf.Tensor2D, tf.Tensor2D];
          z = zPart;
          hr = hh;
          hc = fastTanh(tf.add(xh[t] as tf.Tensor2D, tf.mul(r, hh))) as tf.Tensor2D;
        } else {
          zr = tf.sigmoid(tf.add(xzr[t] as tf.Tensor2D, tf.matMul(hPrev, Uzr as tf.Tensor2D))) as tf.Tensor2D;
          const [zPart, r] = tf.split<tf.Tensor2D>(zr, [u, u], 1) as [tf.Tensor2D, tf.Tensor2D];
          z = zPart;
          hr = tf.mul(r, hPrev);
          hc = fastTanh(tf.add(xh[t] as tf.Tensor2D, tf.matMul(hr, Uh as tf.Tensor2D))) as tf.Tensor2D;
        }
        let hn: tf.Tensor2D = tf.add(hc, tf.mul(z, tf.sub(hPrev, hc)));
        if (masks) hn = tf.add(hPrev, tf.mul(masks[k] as tf.Tensor2D, tf.sub(hn, hPrev)));
        return [hn, zr, hc, hr];
      }) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
      sZR.push(zr);
      sHC.push(hc);
      sHR.push(hr);
      sHP.push(hPrev);
      outs.push(seen ? tf.mul(seen[k] as tf.Tensor2D, hn) : hn);
      h = hn;
    }
    save([xT, W, U, ...(Uzr && Uh ? [Uzr, Uh] : []), ...sZR, ...sHC, ...sHR, ...sHP, ...(masks ?? []), ...(seen ?? [])]);
    return { value: packOutputs(outs, [h]), gradFunc };

    function gradFunc(dy: tf.Tensor3D, saved: tf.Tensor[]): tf.Tensor[] {
      let p = 0;
      const sxT = saved[p++] as tf.Tensor2D;
      const sW = saved[p++] as tf.Tensor2D;
      const sU = saved[p++] as tf.Tensor2D;
      const sUzr = resetAfter ? null : (saved[p++] as tf.Tensor2D);
      const sUh = resetAfter ? null : (saved[p++] as tf.Tensor2D);
      const zrs = saved.slice(p, p + T) as tf.Tensor2D[];
      const hcs = saved.slice(p + T, p + 2 * T) as tf.Tensor2D[];
      const hrs = saved.slice(p + 2 * T, p + 3 * T) as tf.Tensor2D[];
      const hps = saved.slice(p + 3 * T, p + 4 * T) as tf.Tensor2D[];
      p += 4 * T;
      // The mask tensors of the plan die with the forward tidy; the saved clones live until backprop.
      const gMasks = masks ? (saved.slice(p, p + T) as tf.Tensor2D[]) : null;
      const gSeen = seen ? (saved.slice(p + T, p + 2 * T) as tf.Tensor2D[]) : null;
      const dys = unpackGrad(dy, T + 1);
      // Transposed once here rather than by every step's matMul(…, true).
      const sUT = resetAfter ? tf.transpose(sU) : null;
      const sUzrT = resetAfter ? null : tf.transpose(sUzr as tf.Tensor2D);
      const sUhT = resetAfter ? null : tf.transpose(sUh as tf.Tensor2D);
      let dh = dys[T] as tf.Tensor2D;
      const dXP: tf.Tensor2D[] = new Array(T);
      const dHP: tf.Tensor2D[] = new Array(T); // resetAfter: [dzr, dĥ⊙r]; else [dzr] only
      const dHC: tf.Tensor2D[] = new Array(T); // resetAfter false: dĥ pre-activation (pairs with r⊙h)
      for (let k = T - 1; k >= 0; k--) {
        const t = order[k] as number;
        const res = tf.tidy(() => {
          const { dTot, m, dhn } = stepGradient(dh, dys, k, gSeen, gMasks);
          const zr = zrs[k] as tf.Tensor2D;
          const hc = hcs[k] as tf.Tensor2D;
          const hp = hps[k] as tf.Tensor2D;
          const [z, r] = tf.split<tf.Tensor2D>(zr, [u, u], 1) as [tf.Tensor2D, tf.Tensor2D];
          // h' = ĥ + z ⊙ (hPrev − ĥ)
          const dz = tf.mul(dhn, tf.sub(hp, hc));
          const dhc = tf.sub(dhn, tf.mul(dhn, z));
          const dhcPre = tf.mul(dhc, tf.sub(1, tf.square(hc)));
          let dr: tf.Tensor2D;
          let dPrev: tf.Tensor2D = tf.mul(dhn, z);
          if (resetAfter) {
            dr = tf.mul(dhcPre, hrs[k] as tf.Tensor2D);
          } else {
            const drh = tf.matMul(dhcPre, sUhT as tf.Tensor2D);
            dr = tf.mul(drh, hp);
            dPrev = tf.add(dPrev, tf.mul(drh, r));
          }
          const dzrPre = tf.mul(tf.concat([dz, dr], 1), tf.mul(zr, tf.sub(1, zr)));
          const dxp = tf.concat([dzrPre, dhcPre], 1);
          let dhp: tf.Tensor2D;
          if (resetAfter) {
            dhp = tf.concat([dzrPre, tf.mul(dhcPre, r)], 1) as tf.Tensor2D;
            dPrev = tf.add(dPrev, tf.matMul(dhp, sUT as tf.Tensor2D));
          } else {
            dhp = dzrPre as tf.Tensor2D;
            dPrev = tf.add(dPrev, tf.matMul(dzrPre, sUzrT as tf.Tensor2D));
          }
          if (m) dPrev = tf.add(dPrev, tf.sub(dTot, dhn));
          return [dPrev, dxp, dhp, dhcPre];
        }) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
        dh = res[0];
        dXP[t] = res[1];
        dHP[k] = res[2];
        dHC[k] = res[3];
      }
      const dXPAll = T === 1 ? (dXP[0] as tf.Tensor2D) : tf.concat(dXP, 0);
      const dHPAll = T === 1 ? (dHP[0] as tf.Tensor2D) : tf.concat(dHP, 0);
      const hPrevAll = T === 1 ? (hps[0] as tf.Tensor2D) : tf.concat(hps, 0);
      const dx = fromTimeMajor(tf.matMul(dXPAll, sW, false, true), T, B);
      const dW = tf.matMul(sxT, dXPAll, true, false);
      let dU: tf.Tensor2D;
      if (resetAfter) {
        dU = tf.matMul(hPrevAll, dHPAll, true, false);
      } else {
        const rhAll = T === 1 ? (hrs[0] as tf.Tensor2D) : tf.concat(hrs, 0);
        const dHCAll = T === 1 ? (dHC[0] as tf.Tensor2D) : tf.concat(dHC, 0);
        dU = tf.concat([tf.matMul(hPrevAll, dHPAll, true, false), tf.matMul(rhAll, dHCAll, true, false)], 1) as tf.Tensor2D;
      }
      const grads: tf.Tensor[] = [dx, dh, dW, dU];
      if (hasBias) {
        grads.push(columnSums(dXPAll));
        if (resetAfter) grads.push(columnSums(dHPAll));
      }
      return grads;
    }
  });

  if (I < 1) throw new ShapeError(`Expected \`inputs\` to have at least one feature, but got shape [${inputs.shape.join(',')}].`);
  const { outputs, states } = runPackedOp(op, [inputs, initialState, w.kernel, w.recurrentKernel, bIn, bRec], T, 1);
  return { outputs, finalState: states[0] as tf.Tensor2D };
}

/**
 * `gruStep` in tf ops (differentiable). Shapes are checked by the caller; call inside a `tf.tidy`.
 *
 * @throws ShapeError when the bias shape does not match `resetAfter`.
 */
export function gruStepReference(x: tf.Tensor2D, h: tf.Tensor2D, w: GRUWeights, o: { resetAfter: boolean }): tf.Tensor2D {
  const { resetAfter } = o;
  const u = w.recurrentKernel.shape[0];
  const { bIn, bRec } = splitGruBias(w, u, resetAfter);
  // matMul + add rather than a fused bias: XNNPACK caches its packed operator per (weights, bias) tensor pair, so a
  // bias tensor made afresh on every call would repack the weights at every decoding step.
  const xp = bIn ? (tf.add(tf.matMul(x, w.kernel), bIn) as tf.Tensor2D) : tf.matMul(x, w.kernel);
  const [xzr, xh] = tf.split<tf.Tensor2D>(xp, [2 * u, u], 1) as [tf.Tensor2D, tf.Tensor2D];
  let z: tf.Tensor2D;
  let hc: tf.Tensor2D;
  if (resetAfter) {
    const hp = bRec ? (tf.add(tf.matMul(h, w.recurrentKernel), bRec) as tf.Tensor2D) : tf.matMul(h, w.recurrentKernel);
    const [hzr, hh] = tf.split<tf.Tensor2D>(hp, [2 * u, u], 1) as [tf.Tensor2D, tf.Tensor2D];
    const [zz, r] = tf.split<tf.Tensor2D>(tf.sigmoid(tf.add(xzr, hzr)), [u, u], 1) as [tf.Tensor2D, tf.Tensor2D];
    z = zz;
    hc = fastTanh(tf.add(xh, tf.mul(r, hh))) as tf.Tensor2D;
  } else {
    const [Uzr, Uh] = tf.split<tf.Tensor2D>(w.recurrentKernel, [2 * u, u], 1) as [tf.Tensor2D, tf.Tensor2D];
    const [zz, r] = tf.split<tf.Tensor2D>(tf.sigmoid(tf.add(xzr, tf.matMul(h, Uzr))), [u, u], 1) as [tf.Tensor2D, tf.Tensor2D];
    z = zz;
    hc = fastTanh(tf.add(xh, tf.matMul(tf.mul(r, h), Uh))) as tf.Tensor2D;
  }
  return tf.add(hc, tf.mul(z, tf.sub(h, hc)));
}
