// The wasm implementation of the LSTM ops: the step loop and BPTT as one kernel call each (wasm/), with the input
// projection and the weight gradients as single matmuls over all steps. Only when `useWasmSequenceKernels()`.

import * as tf from '@tensorflow/tfjs';
import { checkSequence, checkShape, columnSums, fromTimeMajor, runPackedOp, toTimeMajor } from './sequence-plan.js';
import { tapeIsOn } from './tape.js';
import type { LSTMWeights } from './types.js';
import { runLstmGradKernel, runLstmKernel } from './wasm/kernel-calls.js';

type GradSave = (tensors: tf.Tensor[]) => void;

/**
 * `lstmSequence` on the wasm sequence kernels (float32 inputs and states; call only when `useWasmSequenceKernels()`
 * is true, inside a `tf.tidy`). With no gradient tape recording it is one forward kernel call and nothing is kept;
 * under a tape the forward kernel also returns the per-step slabs BPTT needs, and the `tf.customGrad` backward pass
 * is one backward kernel call followed by one matmul per weight gradient.
 *
 * @throws ShapeError when a shape does not match.
 */
export function lstmSequenceWasm(
  inputs: tf.Tensor3D,
  initialState: [tf.Tensor2D, tf.Tensor2D],
  w: LSTMWeights,
  o: { mask: tf.Tensor | undefined; goBackwards: boolean },
): { outputs: tf.Tensor3D; finalState: [tf.Tensor2D, tf.Tensor2D] } {
  const { goBackwards } = o;
  const units = w.recurrentKernel.shape[0];
  if (!tapeIsOn()) {
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
  const { batch: B, time: T } = checkSequence(inputs, units, 4, w.kernel, w.recurrentKernel, o.mask);
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
    // The whole forward pass in one wasm kernel, which also returns the per-step tensors BPTT needs.
    const maskF = o.mask ? (tf.cast(o.mask, 'float32') as tf.Tensor2D) : undefined;
    const r = runLstmKernel({ xp: tf.matMul(xT, W), h0, c0, U, bias: b ?? undefined, mask: maskF }, { time: T, batchMajor: false, goBackwards, save: true });
    const sv = r.saved as NonNullable<typeof r.saved>;
    save([xT, W, U, sv.gates, sv.tc, sv.cPrev, sv.hPrev, ...(maskF ? [maskF] : [])]);
    return { value: tf.concat([r.outputs, tf.expandDims(r.hT, 1), tf.expandDims(r.cT, 1)], 1) as tf.Tensor3D, gradFunc };

    function gradFunc(dy: tf.Tensor3D, saved: tf.Tensor[]): tf.Tensor[] {
      const sxT = saved[0] as tf.Tensor2D;
      const sW = saved[1] as tf.Tensor2D;
      const sU = saved[2] as tf.Tensor2D;
      const p = 3;
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
  });

  const { outputs, states } = runPackedOp(op, [inputs, initialState[0], initialState[1], w.kernel, w.recurrentKernel, w.bias], T, 2);
  return { outputs, finalState: [states[0] as tf.Tensor2D, states[1] as tf.Tensor2D] };
}

/**
 * `lstmStep` as the one-step LSTM kernel: one matmul and one kernel call instead of ~10 ops. For decoding without a
 * gradient tape (not differentiable); float32 only; call only when `useWasmSequenceKernels()` is true, inside a
 * `tf.tidy`. Shapes are checked by the caller.
 */
export function lstmStepWasm(x: tf.Tensor2D, state: [tf.Tensor2D, tf.Tensor2D], w: LSTMWeights): [tf.Tensor2D, tf.Tensor2D] {
  const r = runLstmKernel(
    { xp: tf.matMul(x, w.kernel), h0: state[0], c0: state[1], U: w.recurrentKernel, bias: w.bias },
    { time: 1, batchMajor: true, goBackwards: false, save: false },
  );
  return [r.hT, r.cT] as [tf.Tensor2D, tf.Tensor2D];
}
