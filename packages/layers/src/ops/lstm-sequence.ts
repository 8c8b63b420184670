import * as tf from '@tensorflow/tfjs';
import { checkSequence, checkShape, columnSums, fastTanh, fromTimeMajor, fusedBias, packOutputs, planSequence, sequenceOrder, splitSteps, toTimeMajor, unpackGrad, unpackResult } from './sequence-plan.js';
import type { LSTMWeights, SequenceOptions } from './types.js';
import { type LstmSaved, runLstmGradKernel, runLstmKernel, STEP_KERNEL_MIN_SIZE, tapeIsOn, useWasmSequenceKernels } from './wasm-sequence-kernels.js';

type GradSave = (tensors: tf.Tensor[]) => void;

/**
 * Run an LSTM over a whole sequence through the fused path (one input-projection matmul, recurrent matmul +
 * gate math per step, hand-written BPTT with one matmul each for `dW` and `dU`). Differentiable w.r.t. the
 * inputs, both initial states and every weight. On the wasm backend the step loop and the backward pass are one
 * kernel call each (XNNPACK matmul and sigmoid plus a SIMD gate module on the heap); forward-only when no gradient
 * tape records.
 *
 * Equations (Keras/PyTorch semantics, gate order `i | f | c | o`):
 * ```
 * i = σ(x·Wi + h·Ui + bi)   f = σ(x·Wf + h·Uf + bf)   g = tanh(x·Wc + h·Uc + bc)   o = σ(x·Wo + h·Uo + bo)
 * c' = f ⊙ c + i ⊙ g         h' = o ⊙ tanh(c')
 * ```
 *
 * @param inputs `[batch, time, inputDim]`.
 * @param initialState `[h0, c0]`, each `[batch, units]`.
 * @param w Weights in Keras layout, see {@link LSTMWeights}.
 * @param o `mask` `[batch, time]` and `goBackwards` (default false).
 * @returns `outputs` `[batch, time, units]` and `finalState` `[h, c]`.
 * @throws ShapeError when a shape does not match.
 * @example
 * ```ts
 * const w = { kernel: tf.randomNormal([3, 16]) as tf.Tensor2D, recurrentKernel: tf.randomNormal([4, 16]) as tf.Tensor2D };
 * const { outputs, finalState: [h, c] } = lstmSequence(tf.ones([2, 5, 3]), [tf.zeros([2, 4]), tf.zeros([2, 4])], w);
 * // outputs: [2, 5, 4], h and c: [2, 4]
 * ```
 */
export function lstmSequence(
  inputs: tf.Tensor3D,
  initialState: [tf.Tensor2D, tf.Tensor2D],
  w: LSTMWeights,
  o: SequenceOptions = {},
): { outputs: tf.Tensor3D; finalState: [tf.Tensor2D, tf.Tensor2D] } {
  const goBackwards = o.goBackwards ?? false;
  const units = w.recurrentKernel.shape[0];
  return tf.tidy(() => {
    const kernelPath =
      useWasmSequenceKernels() && inputs.dtype === 'float32' && initialState[0].dtype === 'float32' && initialState[1].dtype === 'float32';
    if (kernelPath && !tapeIsOn()) {
      // Forward only (no gradient recorded): one kernel call, nothing kept for BPTT.
      const { batch, time } = checkSequence(inputs, units, 4, w.kernel, w.recurrentKernel, o.mask);
      checkShape('initialState[0]', initialState[0], [batch, units]);
      checkShape('initialState[1]', initialState[1], [batch, units]);
      if (w.bias) checkShape('bias', w.bias, [4 * units]);
      const r = runLstmKernel(
        {
          xp: tf.matMul(tf.reshape(inputs, [batch * time, inputs.shape[2]]), w.kernel),
          h0: initialState[0],
          c0: initialState[1],
          U: w.recurrentKernel,
          bias: w.bias,
          mask: o.mask ? tf.cast(o.mask, 'float32') : undefined,
        },
        { time, batchMajor: true, goBackwards, save: false },
      );
      return { outputs: r.outputs, finalState: [r.hT, r.cT] as [tf.Tensor2D, tf.Tensor2D] };
    }
    // With the kernels (forward and BPTT) the per-step mask tensors of the plain path are not needed.
    const plan = kernelPath
      ? { ...checkSequence(inputs, units, 4, w.kernel, w.recurrentKernel, o.mask), order: sequenceOrder(inputs.shape[1], goBackwards), masks: null, seen: null }
      : planSequence(inputs, units, 4, w.kernel, w.recurrentKernel, o.mask, goBackwards);
    const { batch: B, time: T, order, masks, seen } = plan;
    checkShape('initialState[0]', initialState[0], [B, units]);
    checkShape('initialState[1]', initialState[1], [B, units]);
    if (w.bias) checkShape('bias', w.bias, [4 * units]);
    const hasBias = w.bias !== undefined;
    const _u = units;

    const op = tf.customGrad((...args: (tf.Tensor | GradSave)[]) => {
      const save = args[args.length - 1] as GradSave;
      const x = args[0] as tf.Tensor3D;
      const h0 = args[1] as tf.Tensor2D;
      const c0 = args[2] as tf.Tensor2D;
      const W = args[3] as tf.Tensor2D;
      const U = args[4] as tf.Tensor2D;
      const b = hasBias ? (args[5] as tf.Tensor1D) : null;

      const xT = toTimeMajor(x);
      if (kernelPath) {
        // The whole forward pass in one wasm kernel, which also returns the per-step tensors BPTT needs.
        const maskF = o.mask ? (tf.cast(o.mask, 'float32') as tf.Tensor2D) : undefined;
        const r = runLstmKernel({ xp: tf.matMul(xT, W), h0, c0, U, bias: b ?? undefined, mask: maskF }, { time: T, batchMajor: false, goBackwards, save: true });
        const sv = r.saved as LstmSaved;
        save([xT, W, U, sv.gates, sv.tc, sv.cPrev, sv.hPrev, ...(maskF ? [maskF] : [])]);
        return { value: tf.concat([r.outputs, tf.expandDims(r.hT, 1), tf.expandDims(r.cT, 1)], 1) as tf.Tensor3D, gradFunc };
      }
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
        if (kernelPath) {
          // BPTT in one wasm kernel on the forward kernel's slabs (rows of step k at k·batch); then the weight
          // gradients as one matmul each over the stacked steps.
          const [gS, tcS, cpS, hpS] = saved.slice(p, p + 4) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
          const gMask = o.mask ? (saved[p + 4] as tf.Tensor2D) : undefined;
          const k = runLstmGradKernel(dy, tf.transpose(sU), gMask, { gates: gS, tc: tcS, cPrev: cpS, hPrev: hpS }, { time: T, goBackwards });
          // dG is by processing step (pairs with hPrev); x·W's gradient is by input time.
          const dXPAll: tf.Tensor2D = goBackwards ? tf.reshape(tf.reverse(tf.reshape(k.dG, [T, B, 4 * units]), 0), [T * B, 4 * units]) : k.dG;
          const grads: tf.Tensor[] = [
            fromTimeMajor(tf.matMul(dXPAll, sW, false, true), T, B),
            k.dh0,
            k.dc0,
            tf.matMul(sxT, dXPAll, true, false),
            tf.matMul(hpS, k.dG, true, false),
          ];
          if (hasBias) grads.push(columnSums(dXPAll));
          return grads;
        }
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
            const dAct = tf.concat(
              [tf.mul(dct, g as tf.Tensor2D), tf.mul(dct, cps[k] as tf.Tensor2D), tf.mul(dct, i as tf.Tensor2D), tf.mul(dhn, tc)],
              1,
            );
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

    const args: tf.Tensor[] = [inputs, initialState[0], initialState[1], w.kernel, w.recurrentKernel];
    if (w.bias) args.push(w.bias);
    const packed = op(...args) as tf.Tensor3D;
    const { outputs, states } = unpackResult(packed, T, 2);
    return { outputs, finalState: [states[0] as tf.Tensor2D, states[1] as tf.Tensor2D] };
  });
}

/**
 * One LSTM step, for decoding loops (plain differentiable tf ops).
 *
 * @param x `[batch, inputDim]`. @param state `[h, c]`, each `[batch, units]`.
 * @param w Weights in Keras layout (see {@link LSTMWeights}).
 * @returns The new `[h, c]`.
 * @example
 * ```ts
 * const [h1, c1] = lstmStep(tf.ones([2, 3]), [tf.zeros([2, 4]), tf.zeros([2, 4])], w); // [2, 4] each
 * ```
 */
export function lstmStep(x: tf.Tensor2D, state: [tf.Tensor2D, tf.Tensor2D], w: LSTMWeights): [tf.Tensor2D, tf.Tensor2D] {
  const u = w.recurrentKernel.shape[0];
  return tf.tidy(() => {
    checkShape('kernel', w.kernel, [x.shape[1], 4 * u]);
    checkShape('recurrentKernel', w.recurrentKernel, [u, 4 * u]);
    checkShape('state[0]', state[0], [x.shape[0], u]);
    checkShape('state[1]', state[1], [x.shape[0], u]);
    if (w.bias) checkShape('bias', w.bias, [4 * u]);
    const f32 = x.dtype === 'float32' && state[0].dtype === 'float32' && state[1].dtype === 'float32';
    if (state[0].size >= STEP_KERNEL_MIN_SIZE && f32 && useWasmSequenceKernels() && !tapeIsOn()) {
      // Decoding without a tape: the one-step sequence kernel (one matmul and one gate kernel call instead of ~10 ops).
      const r = runLstmKernel(
        { xp: tf.matMul(x, w.kernel), h0: state[0], c0: state[1], U: w.recurrentKernel, bias: w.bias },
        { time: 1, batchMajor: true, goBackwards: false, save: false },
      );
      return [r.hT, r.cT] as [tf.Tensor2D, tf.Tensor2D];
    }
    // matMul + add rather than a fused bias (see gruStep): keeps XNNPACK's packed weights cached across steps.
    const xp = w.bias ? (tf.add(tf.matMul(x, w.kernel), w.bias) as tf.Tensor2D) : tf.matMul(x, w.kernel);
    const pre = tf.add(xp, tf.matMul(state[0], w.recurrentKernel));
    const [pi, pf, pg, po] = tf.split<tf.Tensor2D>(pre, 4, 1);
    const c = tf.add(tf.mul(tf.sigmoid(pf as tf.Tensor2D), state[1]), tf.mul(tf.sigmoid(pi as tf.Tensor2D), fastTanh(pg as tf.Tensor2D)));
    const h = tf.mul(tf.sigmoid(po as tf.Tensor2D), fastTanh(c));
    return [h, c] as [tf.Tensor2D, tf.Tensor2D];
  });
}
