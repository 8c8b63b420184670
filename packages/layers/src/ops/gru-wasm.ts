// The wasm implementation of the GRU ops: the step loop and BPTT as one kernel call each (wasm/), with the input
// projection and the weight gradients as single matmuls over all steps. Only when `useWasmSequenceKernels()`.

import { ShapeError } from '@rnn/core';
import * as tf from '@tensorflow/tfjs';
import { splitGruBias } from './gru-bias.js';
import { checkSequence, checkShape, columnSums, fromTimeMajor, runPackedOp, toTimeMajor } from './sequence-plan.js';
import { tapeIsOn } from './tape.js';
import type { GRUWeights } from './types.js';
import { runGruGradKernel, runGruKernel, runGruResetBeforeGradKernel } from './wasm/kernel-calls.js';

type GradSave = (tensors: tf.Tensor[]) => void;

/**
 * `gruSequence` on the wasm sequence kernels (float32 inputs and state; call only when `useWasmSequenceKernels()`
 * is true, inside a `tf.tidy`). With no gradient tape recording it is one forward kernel call and nothing is kept;
 * under a tape the forward kernel also returns the per-step slabs BPTT needs, and the `tf.customGrad` backward pass
 * is one backward kernel call followed by one matmul per weight gradient.
 *
 * @throws ShapeError when a shape does not match.
 */
export function gruSequenceWasm(
  inputs: tf.Tensor3D,
  initialState: tf.Tensor2D,
  w: GRUWeights,
  o: { mask: tf.Tensor | undefined; goBackwards: boolean; resetAfter: boolean },
): { outputs: tf.Tensor3D; finalState: tf.Tensor2D } {
  const { goBackwards, resetAfter } = o;
  const units = w.recurrentKernel.shape[0];
  if (!tapeIsOn()) {
    // Forward only (no gradient recorded): one kernel call, nothing kept for BPTT.
    const { batch, time } = checkSequence(inputs, units, 3, w.kernel, w.recurrentKernel, o.mask);
    checkShape('initialState', initialState, [batch, units]);
    if (inputs.shape[2] < 1) throw new ShapeError(`Expected \`inputs\` to have at least one feature, but got shape [${inputs.shape.join(',')}].`);
    const { bIn, bRec } = splitGruBias(w, units, resetAfter);
    const [Uzr, Uh] = resetAfter ? [undefined, undefined] : tf.split<tf.Tensor2D>(w.recurrentKernel, [2 * units, units], 1);
    const r = runGruKernel(
      {
        xp: tf.matMul(tf.reshape(inputs, [batch * time, inputs.shape[2]]), w.kernel),
        h0: initialState,
        U: resetAfter ? w.recurrentKernel : undefined,
        Uzr,
        Uh,
        bIn: bIn ?? undefined,
        bRec: bRec ?? undefined,
        mask: o.mask ? tf.cast(o.mask, 'float32') : undefined,
      },
      { time, batchMajor: true, goBackwards, resetAfter, save: false },
    );
    return { outputs: r.outputs, finalState: r.hT };
  }
  const { batch: B, time: T, inputDim: I } = checkSequence(inputs, units, 3, w.kernel, w.recurrentKernel, o.mask);
  checkShape('initialState', initialState, [B, units]);
  const { bIn, bRec } = splitGruBias(w, units, resetAfter);
  const hasBias = bIn !== null;
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
    // The whole forward pass in one wasm kernel, which also returns the per-step tensors BPTT needs.
    const maskF = o.mask ? (tf.cast(o.mask, 'float32') as tf.Tensor2D) : undefined;
    const r = runGruKernel(
      {
        xp: tf.matMul(xT, W),
        h0,
        U: resetAfter ? U : undefined,
        Uzr: Uzr ?? undefined,
        Uh: Uh ?? undefined,
        bIn: bi ?? undefined,
        bRec: br ?? undefined,
        mask: maskF,
      },
      { time: T, batchMajor: false, goBackwards, resetAfter, save: true },
    );
    const sv = r.saved as NonNullable<typeof r.saved>;
    save([xT, W, U, ...(Uzr && Uh ? [Uzr, Uh] : []), sv.zr, sv.hc, sv.hr, sv.hPrev, ...(maskF ? [maskF] : [])]);
    return { value: tf.concat([r.outputs, tf.expandDims(r.hT, 1)], 1) as tf.Tensor3D, gradFunc };

    function gradFunc(dy: tf.Tensor3D, saved: tf.Tensor[]): tf.Tensor[] {
      let p = 0;
      const sxT = saved[p++] as tf.Tensor2D;
      const sW = saved[p++] as tf.Tensor2D;
      const sU = saved[p++] as tf.Tensor2D;
      const sUzr = resetAfter ? null : (saved[p++] as tf.Tensor2D);
      const sUh = resetAfter ? null : (saved[p++] as tf.Tensor2D);
      // The forward kernel saved one slab each (rows of step k at k·batch).
      const [zrS, hcS, hrS, hpS] = saved.slice(p, p + 4) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
      p += 4;
      const gMask = o.mask ? (saved[p] as tf.Tensor2D) : undefined;
      const slabs = { zr: zrS, hc: hcS, hr: hrS, hPrev: hpS };
      if (!resetAfter) {
        // BPTT in one wasm kernel; dU = [hPrevᵀ·d(h·Uzr) | (r ⊙ h)ᵀ·d((r ⊙ h)·Uh)].
        const k = runGruResetBeforeGradKernel(dy, tf.transpose(sUzr as tf.Tensor2D), tf.transpose(sUh as tf.Tensor2D), gMask, slabs, { time: T, goBackwards });
        const grads: tf.Tensor[] = [
          fromTimeMajor(tf.matMul(k.dXP, sW, false, true), T, B),
          k.dh0,
          tf.matMul(sxT, k.dXP, true, false),
          tf.concat([tf.matMul(hpS, k.dHP, true, false), tf.matMul(hrS, k.dHC, true, false)], 1),
        ];
        if (hasBias) grads.push(columnSums(k.dXP));
        return grads;
      }
      // BPTT in one wasm kernel; then the weight gradients as one matmul each over the stacked steps.
      const k = runGruGradKernel(dy, tf.transpose(sU), gMask, slabs, { time: T, goBackwards });
      const grads: tf.Tensor[] = [
        fromTimeMajor(tf.matMul(k.dXP, sW, false, true), T, B),
        k.dh0,
        tf.matMul(sxT, k.dXP, true, false),
        tf.matMul(hpS, k.dHP, true, false),
      ];
      if (hasBias) grads.push(columnSums(k.dXP), columnSums(k.dHP));
      return grads;
    }
  });

  if (I < 1) throw new ShapeError(`Expected \`inputs\` to have at least one feature, but got shape [${inputs.shape.join(',')}].`);
  const { outputs, states } = runPackedOp(op, [inputs, initialState, w.kernel, w.recurrentKernel, bIn, bRec], T, 1);
  return { outputs, finalState: states[0] as tf.Tensor2D };
}

/**
 * `gruStep` as the one-step GRU kernel: one matmul and one kernel call instead of ~12 ops. For decoding without a
 * gradient tape (not differentiable); float32 only; call only when `useWasmSequenceKernels()` is true, inside a
 * `tf.tidy`. Shapes are checked by the caller.
 *
 * @throws ShapeError when the bias shape does not match `resetAfter`.
 */
export function gruStepWasm(x: tf.Tensor2D, h: tf.Tensor2D, w: GRUWeights, o: { resetAfter: boolean }): tf.Tensor2D {
  const { resetAfter } = o;
  const u = w.recurrentKernel.shape[0];
  const { bIn, bRec } = splitGruBias(w, u, resetAfter);
  const [Uzr, Uh] = resetAfter ? [undefined, undefined] : tf.split<tf.Tensor2D>(w.recurrentKernel, [2 * u, u], 1);
  const r = runGruKernel(
    {
      xp: tf.matMul(x, w.kernel),
      h0: h,
      U: resetAfter ? w.recurrentKernel : undefined,
      Uzr,
      Uh,
      bIn: bIn ?? undefined,
      bRec: bRec ?? undefined,
    },
    { time: 1, batchMajor: true, goBackwards: false, resetAfter, save: false },
  );
  return r.hT;
}
