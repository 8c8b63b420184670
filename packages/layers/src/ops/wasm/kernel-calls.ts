// Typed calls of the registered whole-sequence kernels through the engine (call them only when
// `useWasmSequenceKernels()` is true), and the tensors they return.

import * as tf from '@tensorflow/tfjs';
import type { SequenceGradAttrs } from './backward-kernels.js';
import type { GruKernelAttrs, LstmKernelAttrs } from './forward-kernels.js';
import { SEQUENCE_KERNELS } from './register.js';

/** Run a registered kernel on the given inputs (those left undefined are not passed) and return its outputs. */
function callKernel(name: string, inputs: Record<string, tf.Tensor | undefined>, attrs: object): tf.Tensor2D[] {
  const named: tf.NamedTensorMap = {};
  for (const [k, v] of Object.entries(inputs)) if (v) named[k] = v;
  return tf.engine().runKernel(name, named, attrs as unknown as tf.NamedAttrMap) as unknown as tf.Tensor2D[];
}

/**
 * Run the GRU (`resetAfter: false`) backward kernel (`gruBackwardKernel` with `resetAfter: false`) on the forward kernel's slabs.
 *
 * @example
 * ```ts
 * const { dXP, dHP, dHC, dh0 } = runGruResetBeforeGradKernel(dy, UzrT, UhT, mask, saved, { time: 40, goBackwards: false });
 * ```
 */
export function runGruResetBeforeGradKernel(
  dy: tf.Tensor,
  UzrT: tf.Tensor,
  UhT: tf.Tensor,
  mask: tf.Tensor | undefined,
  saved: GruSaved,
  attrs: SequenceGradAttrs,
): { dXP: tf.Tensor2D; dHP: tf.Tensor2D; dHC: tf.Tensor2D; dh0: tf.Tensor2D } {
  const inputs = { dy, UzrT, UhT, zr: saved.zr, hc: saved.hc, hr: saved.hr, hPrev: saved.hPrev, mask };
  const out = callKernel(SEQUENCE_KERNELS.gruGrad, inputs, { ...attrs, resetAfter: false });
  return { dXP: out[0] as tf.Tensor2D, dHP: out[1] as tf.Tensor2D, dHC: out[2] as tf.Tensor2D, dh0: out[3] as tf.Tensor2D };
}

/**
 * Run the LSTM backward kernel (`lstmBackwardKernel`) on the forward kernel's saved slabs.
 *
 * @example
 * ```ts
 * const { dG, dh0, dc0 } = runLstmGradKernel(dy, UT, mask, saved, { time: 40, goBackwards: false });
 * ```
 */
export function runLstmGradKernel(
  dy: tf.Tensor,
  UT: tf.Tensor,
  mask: tf.Tensor | undefined,
  saved: LstmSaved,
  attrs: SequenceGradAttrs,
): { dG: tf.Tensor2D; dh0: tf.Tensor2D; dc0: tf.Tensor2D } {
  const out = callKernel(SEQUENCE_KERNELS.lstmGrad, { dy, UT, gates: saved.gates, tc: saved.tc, cPrev: saved.cPrev, mask }, attrs);
  return { dG: out[0] as tf.Tensor2D, dh0: out[1] as tf.Tensor2D, dc0: out[2] as tf.Tensor2D };
}

/**
 * Run the GRU (`resetAfter: true`) backward kernel (`gruBackwardKernel`) on the forward kernel's slabs.
 *
 * @example
 * ```ts
 * const { dXP, dHP, dh0 } = runGruGradKernel(dy, UT, mask, saved, { time: 40, goBackwards: false });
 * ```
 */
export function runGruGradKernel(
  dy: tf.Tensor,
  UT: tf.Tensor,
  mask: tf.Tensor | undefined,
  saved: GruSaved,
  attrs: SequenceGradAttrs,
): { dXP: tf.Tensor2D; dHP: tf.Tensor2D; dh0: tf.Tensor2D } {
  const out = callKernel(SEQUENCE_KERNELS.gruGrad, { dy, UT, zr: saved.zr, hc: saved.hc, hr: saved.hr, hPrev: saved.hPrev, mask }, attrs);
  return { dXP: out[0] as tf.Tensor2D, dHP: out[1] as tf.Tensor2D, dh0: out[2] as tf.Tensor2D };
}

/** The GRU kernel's tensors, see {@link runGruKernel}. */
export interface GruKernelResult {
  outputs: tf.Tensor3D;
  hT: tf.Tensor2D;
  /** With `save`: the per-step slabs for BPTT (see the kernel), else null. */
  saved: GruSaved | null;
}

/** What the GRU backward pass needs, one `[time·batch, n]` slab each (rows of processing step k at `k·batch`). */
export interface GruSaved {
  zr: tf.Tensor2D;
  hc: tf.Tensor2D;
  hr: tf.Tensor2D;
  hPrev: tf.Tensor2D;
}

/**
 * Run the GRU kernel (call only when `useWasmSequenceKernels()` is true). `xp` is the time-major `x·W`
 * without bias; weights as in the kernel's doc. Not differentiable: call it with the tape off or inside a
 * `customGrad` forward function.
 *
 * @example
 * ```ts
 * const r = runGruKernel({ xp, h0, U }, { time: 40, batchMajor: false, goBackwards: false, resetAfter: true, save: false });
 * r.outputs.shape; // [batch, 40, units]
 * ```
 */
export function runGruKernel(inputs: Record<string, tf.Tensor | undefined>, attrs: GruKernelAttrs): GruKernelResult {
  const out = callKernel(SEQUENCE_KERNELS.gru, inputs, attrs);
  const [zr, hc, hr, hPrev] = out.slice(2) as tf.Tensor2D[];
  const saved = attrs.save ? { zr: zr as tf.Tensor2D, hc: hc as tf.Tensor2D, hr: hr as tf.Tensor2D, hPrev: hPrev as tf.Tensor2D } : null;
  return { outputs: out[0] as unknown as tf.Tensor3D, hT: out[1] as tf.Tensor2D, saved };
}

/** The LSTM kernel's tensors, see {@link runLstmKernel}. */
export interface LstmKernelResult {
  outputs: tf.Tensor3D;
  hT: tf.Tensor2D;
  cT: tf.Tensor2D;
  /** With `save`: the per-step slabs for BPTT (see the kernel), else null. */
  saved: LstmSaved | null;
}

/** What the LSTM backward pass needs, one `[time·batch, n]` slab each (rows of processing step k at `k·batch`). */
export interface LstmSaved {
  gates: tf.Tensor2D;
  tc: tf.Tensor2D;
  cPrev: tf.Tensor2D;
  hPrev: tf.Tensor2D;
}

/**
 * Run the LSTM kernel (call only when `useWasmSequenceKernels()` is true); see {@link runGruKernel}.
 *
 * @example
 * ```ts
 * const r = runLstmKernel({ xp, h0, c0, U, bias }, { time: 40, batchMajor: false, goBackwards: false, save: false });
 * r.cT.shape; // [batch, units]
 * ```
 */
export function runLstmKernel(inputs: Record<string, tf.Tensor | undefined>, attrs: LstmKernelAttrs): LstmKernelResult {
  const out = callKernel(SEQUENCE_KERNELS.lstm, inputs, attrs);
  const [gates, tc, cPrev, hPrev] = out.slice(3) as tf.Tensor2D[];
  const saved = attrs.save ? { gates: gates as tf.Tensor2D, tc: tc as tf.Tensor2D, cPrev: cPrev as tf.Tensor2D, hPrev: hPrev as tf.Tensor2D } : null;
  return { outputs: out[0] as unknown as tf.Tensor3D, hT: out[1] as tf.Tensor2D, cT: out[2] as tf.Tensor2D, saved };
}
