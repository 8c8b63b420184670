// Whole-sequence backward kernels (BPTT) for the wasm backend: one engine call runs every step of a GRU's or LSTM's
// backward pass, on the per-step slabs the forward kernels (forward-kernels.ts) save. As there, the recurrent
// matmul goes to XNNPACK and the element-wise gate gradients to the generated SIMD gate module, in place on the heap.

import { HeapOps, type KernelArgs, type WasmHeapBackend } from '@rnn/core';
import type * as tf from '@tensorflow/tfjs';
import { type GateExports, SEQUENCE_GATES } from './gate-module.js';

/** Attributes of the backward kernels. */
export interface SequenceGradAttrs {
  time: number;
  goBackwards: boolean;
  /** GRU only: the variant of the forward pass. Default: true. */
  resetAfter?: boolean;
}

/**
 * Per-row "seen" flags by processing step, `[batch, time]`: 1 from a row's first real (unmasked) step on. Outputs of
 * earlier steps are zeros, so their gradients are dropped. Null without a mask (every step counts).
 */
function seenByStep(ops: HeapOps, mask: tf.TensorInfo | undefined, B: number, T: number, goBackwards: boolean): tf.TensorInfo | null {
  if (!mask) return null;
  const m = ops.view(mask);
  const seen = new Float32Array(B * T);
  for (let b = 0; b < B; b++) {
    let on = 0;
    for (let k = 0; k < T; k++) {
      const t = goBackwards ? T - 1 - k : k;
      if ((m[b * T + t] as number) !== 0) on = 1;
      seen[b * T + k] = on;
    }
  }
  return ops.vector(seen);
}

/** Copy rows `[:, k, :]` of a packed `[batch, count, u]` gradient into a `[batch, u]` buffer. */
function copyStep(ops: HeapOps, packed: tf.TensorInfo, k: number, dst: tf.TensorInfo): void {
  const [B, count, u] = packed.shape as [number, number, number];
  const src = ops.view(packed);
  const d = ops.view(dst);
  for (let b = 0; b < B; b++) d.set(src.subarray((b * count + k) * u, (b * count + k + 1) * u), b * u);
}

/**
 * What every BPTT kernel keeps across steps: the running gradient `dh` w.r.t. the state (started from the last
 * packed row of `dy`), the part of it a step passes straight through (`dhPart`), the mask and "seen" pointers of a
 * step, and the update `dh ← dhPart + dGates·Uᵀ` that ends each step.
 */
class RecurrentGradient {
  readonly dh: tf.TensorInfo;
  readonly dhPart: tf.TensorInfo;
  /** Byte stride between the rows of the mask and of the seen flags (0 without a mask: one shared 1). */
  readonly rowStride: number;
  private readonly mmBuf: tf.TensorInfo;
  private readonly zeros: tf.TensorInfo;
  private readonly ones: tf.TensorInfo;
  private readonly one: tf.TensorInfo;
  private readonly seen: tf.TensorInfo | null;

  constructor(
    private readonly ops: HeapOps,
    private readonly gates: GateExports,
    dy: tf.TensorInfo,
    private readonly mask: tf.TensorInfo | undefined,
    time: number,
    goBackwards: boolean,
  ) {
    const [B, , u] = dy.shape as [number, number, number];
    this.dh = ops.alloc([B, u]);
    this.mmBuf = ops.alloc([B, u]);
    this.dhPart = ops.alloc([B, u]);
    this.zeros = ops.vector(new Float32Array(u));
    this.ones = ops.vector(new Float32Array(u).fill(1));
    this.one = ops.vector([1]);
    this.seen = seenByStep(ops, mask, B, time, goBackwards);
    this.rowStride = this.seen ? 4 * time : 0;
    copyStep(ops, dy, time, this.dh);
  }

  /** Pointer to the mask of input time `t` (row 0; rows follow at {@link rowStride}). */
  maskPtr(t: number): number {
    return this.mask ? this.ops.ptr(this.mask) + 4 * t : this.ops.ptr(this.one);
  }

  /** Pointer to the seen flags of processing step `k` (row 0; rows follow at {@link rowStride}). */
  seenPtr(k: number): number {
    return this.seen ? this.ops.ptr(this.seen) + 4 * k : this.ops.ptr(this.one);
  }

  /** End a step: `dh ← dhPart + dGates·Uᵀ` (`UT` is `Uᵀ`, `[gates·u, u]`). */
  addRecurrent(dGates: tf.TensorInfo, UT: tf.TensorInfo): void {
    const { ops } = this;
    const [B, u] = this.dh.shape as [number, number];
    const mm = ops.matMul(dGates, UT, this.mmBuf);
    this.gates.add3s(ops.ptr(this.dh), 4 * u, ops.ptr(mm), 4 * u, ops.ptr(this.dhPart), 4 * u, ops.ptr(this.zeros), 0, ops.ptr(this.ones), 0, B, u);
    if (mm !== this.mmBuf) ops.free(mm);
  }

  /** Free the buffers (not `dh`'s final value: copy it out first). */
  free(): void {
    for (const t of [this.dh, this.mmBuf, this.dhPart, this.zeros, this.ones, this.one, ...(this.seen ? [this.seen] : [])]) this.ops.free(t);
  }
}

/** What every backward kernel starts from: the heap, the gate exports, its named inputs, `dy` and its sizes. */
function backwardSetup(args: KernelArgs) {
  const named = args.inputs as Record<string, tf.TensorInfo | undefined>;
  const dy = named.dy as tf.TensorInfo;
  const { time: T, goBackwards } = args.attrs as unknown as SequenceGradAttrs;
  const [B, , u] = dy.shape as [number, number, number];
  return {
    ops: new HeapOps(args.backend as WasmHeapBackend),
    g: SEQUENCE_GATES.exportsFor(args.backend) as GateExports,
    named,
    dy,
    T,
    goBackwards,
    B,
    u,
  };
}

/**
 * LSTM backward pass over the whole sequence (BPTT), the counterpart of `lstmForwardKernel` with `save`.
 * Inputs: `dy` `[batch, time+2, u]` (gradient of the packed outputs, h, c), `UT` `[4u, u]`, optional `mask`, and the
 * forward kernel's slabs `gates`, `tc`, `cPrev`. Outputs: `dG` `[time*batch, 4u]`, the
 * pre-activation gradients by processing step, and the gradients w.r.t. `h0` and `c0`.
 */
export function lstmBackwardKernel(args: KernelArgs): tf.TensorInfo[] {
  const { ops, g, named, dy, T, goBackwards, B, u } = backwardSetup(args);
  const UT = named.UT as tf.TensorInfo;
  const u4 = 4 * u;
  const dG = ops.alloc([T * B, u4]);
  const dh0 = ops.alloc([B, u]);
  const dc0 = ops.alloc([B, u]);
  const dc = ops.alloc([B, u]);
  const dpre = ops.alloc([B, u4]);
  const rg = new RecurrentGradient(ops, g, dy, named.mask, T, goBackwards);
  copyStep(ops, dy, T + 1, dc);
  const [pDy, pDh, pDc, pPre, pPart] = [dy, rg.dh, dc, dpre, rg.dhPart].map((t) => ops.ptr(t)) as [number, number, number, number, number];
  try {
    for (let k = T - 1; k >= 0; k--) {
      const t = goBackwards ? T - 1 - k : k;
      const pG = ops.ptr(named.gates as tf.TensorInfo) + 4 * k * B * u4;
      const pTC = ops.ptr(named.tc as tf.TensorInfo) + 4 * k * B * u;
      const pCP = ops.ptr(named.cPrev as tf.TensorInfo) + 4 * k * B * u;
      g.lstmBack(
        pDy + 4 * k * u,
        4 * (T + 2) * u,
        pDh,
        4 * u,
        pDc,
        4 * u,
        pG,
        4 * u4,
        pG + 4 * u,
        4 * u4,
        pG + 8 * u,
        4 * u4,
        pG + 12 * u,
        4 * u4,
        pTC,
        4 * u,
        pCP,
        4 * u,
        pPre,
        4 * u4,
        pPre + 4 * u,
        4 * u4,
        pPre + 8 * u,
        4 * u4,
        pPre + 12 * u,
        4 * u4,
        pPart,
        4 * u,
        rg.maskPtr(t),
        rg.rowStride,
        rg.seenPtr(k),
        rg.rowStride,
        B,
        u,
      );
      ops.view(dG).set(ops.view(dpre), k * B * u4);
      rg.addRecurrent(dpre, UT);
    }
    ops.view(dh0).set(ops.view(rg.dh));
    ops.view(dc0).set(ops.view(dc));
  } finally {
    rg.free();
    ops.free(dc);
    ops.free(dpre);
    ops.release();
  }
  return [dG, dh0, dc0];
}

/**
 * GRU (`resetAfter: true`) backward pass over the whole sequence. Inputs: `dy` `[batch, time+1, u]`, `UT`
 * `[3u, u]`, optional `mask`, and the forward kernel's slabs `zr`, `hc`, `hr`, `hPrev`. Outputs:
 * `dXP` `[time*batch, 3u]` (gradient of x·W + b, rows by input time t), `dHP` `[time*batch, 3u]` (gradient of
 * h·U + b', rows by processing step) and the gradient w.r.t. `h0`.
 */
export function gruBackwardKernel(args: KernelArgs): tf.TensorInfo[] {
  if ((args.attrs as unknown as SequenceGradAttrs).resetAfter === false) return gruResetBeforeBackwardKernel(args);
  const { ops, g, named, dy, T, goBackwards, B, u } = backwardSetup(args);
  const UT = named.UT as tf.TensorInfo;
  const u2 = 2 * u;
  const u3 = 3 * u;
  const dXP = ops.alloc([T * B, u3]);
  const dHP = ops.alloc([T * B, u3]);
  const dh0 = ops.alloc([B, u]);
  const dhp = ops.alloc([B, u3]);
  const rg = new RecurrentGradient(ops, g, dy, named.mask, T, goBackwards);
  const [pDy, pDh, pDhp, pPart, pDXP] = [dy, rg.dh, dhp, rg.dhPart, dXP].map((t) => ops.ptr(t)) as [number, number, number, number, number];
  try {
    for (let k = T - 1; k >= 0; k--) {
      const t = goBackwards ? T - 1 - k : k;
      const pZR = ops.ptr(named.zr as tf.TensorInfo) + 4 * k * B * u2;
      const step = 4 * k * B * u;
      const x0 = pDXP + 4 * t * B * u3;
      g.gruBack(
        pDy + 4 * k * u,
        4 * (T + 1) * u,
        pDh,
        4 * u,
        pZR,
        4 * u2,
        pZR + 4 * u,
        4 * u2,
        ops.ptr(named.hc as tf.TensorInfo) + step,
        4 * u,
        ops.ptr(named.hPrev as tf.TensorInfo) + step,
        4 * u,
        ops.ptr(named.hr as tf.TensorInfo) + step,
        4 * u,
        x0,
        4 * u3,
        x0 + 4 * u,
        4 * u3,
        x0 + 8 * u,
        4 * u3,
        pDhp,
        4 * u3,
        pDhp + 4 * u,
        4 * u3,
        pDhp + 8 * u,
        4 * u3,
        pPart,
        4 * u,
        rg.maskPtr(t),
        rg.rowStride,
        rg.seenPtr(k),
        rg.rowStride,
        B,
        u,
      );
      ops.view(dHP).set(ops.view(dhp), k * B * u3);
      rg.addRecurrent(dhp, UT);
    }
    ops.view(dh0).set(ops.view(rg.dh));
  } finally {
    rg.free();
    ops.free(dhp);
    ops.release();
  }
  return [dXP, dHP, dh0];
}

/**
 * GRU (`resetAfter: false`) backward pass. Inputs: `dy` `[batch, time+1, u]`, `UzrT` `[2u, u]`, `UhT` `[u, u]`,
 * optional `mask`, and the forward kernel's slabs `zr`, `hc`, `hr` (= r ⊙ hPrev), `hPrev`. Outputs: `dXP`
 * `[time*batch, 3u]` (by input time), `dHP` `[time*batch, 2u]` (gradient of h·Uzr, by processing step), `dHC`
 * `[time*batch, u]` (gradient of (r ⊙ h)·Uh, by processing step) and the gradient w.r.t. `h0`.
 */
function gruResetBeforeBackwardKernel(args: KernelArgs): tf.TensorInfo[] {
  const { ops, g, named, dy, T, goBackwards, B, u } = backwardSetup(args);
  const u2 = 2 * u;
  const u3 = 3 * u;
  const dXP = ops.alloc([T * B, u3]);
  const dHP = ops.alloc([T * B, u2]);
  const dHC = ops.alloc([T * B, u]);
  const dh0 = ops.alloc([B, u]);
  const dhp = ops.alloc([B, u2]);
  const dhc = ops.alloc([B, u]);
  const drhBuf = ops.alloc([B, u]);
  const rg = new RecurrentGradient(ops, g, dy, named.mask, T, goBackwards);
  const [pDy, pDh, pDhp, pDhc, pPart, pDXP] = [dy, rg.dh, dhp, dhc, rg.dhPart, dXP].map((t) => ops.ptr(t)) as [number, number, number, number, number, number];
  try {
    for (let k = T - 1; k >= 0; k--) {
      const t = goBackwards ? T - 1 - k : k;
      const pZR = ops.ptr(named.zr as tf.TensorInfo) + 4 * k * B * u2;
      const step = 4 * k * B * u;
      const pHP = ops.ptr(named.hPrev as tf.TensorInfo) + step;
      const x0 = pDXP + 4 * t * B * u3;
      g.gruBackA(
        pDy + 4 * k * u,
        4 * (T + 1) * u,
        pDh,
        4 * u,
        pZR,
        4 * u2,
        ops.ptr(named.hc as tf.TensorInfo) + step,
        4 * u,
        pHP,
        4 * u,
        x0,
        4 * u3,
        pDhp,
        4 * u2,
        x0 + 8 * u,
        4 * u3,
        pDhc,
        4 * u,
        pPart,
        4 * u,
        rg.maskPtr(t),
        rg.rowStride,
        rg.seenPtr(k),
        rg.rowStride,
        B,
        u,
      );
      const drh = ops.matMul(dhc, named.UhT as tf.TensorInfo, drhBuf);
      g.gruBackB(ops.ptr(drh), 4 * u, pHP, 4 * u, pZR + 4 * u, 4 * u2, x0 + 4 * u, 4 * u3, pDhp + 4 * u, 4 * u2, pPart, 4 * u, B, u);
      if (drh !== drhBuf) ops.free(drh);
      ops.view(dHP).set(ops.view(dhp), k * B * u2);
      ops.view(dHC).set(ops.view(dhc), k * B * u);
      rg.addRecurrent(dhp, named.UzrT as tf.TensorInfo);
    }
    ops.view(dh0).set(ops.view(rg.dh));
  } finally {
    rg.free();
    for (const t of [dhp, dhc, drhBuf]) ops.free(t);
    ops.release();
  }
  return [dXP, dHP, dHC, dh0];
}
