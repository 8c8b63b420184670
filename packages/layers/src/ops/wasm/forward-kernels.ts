// Whole-sequence forward kernels for the wasm backend: one engine call runs every step of a GRU or LSTM.
//
// Why. Profiled on the bench shape (batch 64, 40 steps, 128 units, CPU time): with plain tf ops each step runs
// the recurrent matmul (~270 µs, XNNPACK) plus ~15 small gate kernels at 5–20 µs each, and the engine's own
// bookkeeping per op (tidy scopes, tensor records, the op wrappers) cost as much again: 26 ms per GRU inference
// of which ~16 ms were matmuls. These kernels keep the matmul on XNNPACK (the registered `BatchMatMul` kernel,
// called directly) and the sigmoids on XNNPACK (`Sigmoid`, vectorised; tanh is computed as 2σ(2x) − 1), and do
// every other gate operation in the generated SIMD gate module (gate-module.ts), in place on the wasm heap: no
// copies out of the heap, no engine round trip per op.
//
// Memory rules of the wasm heap (see @rnn/core's `WasmHeap`): every allocation may grow the heap and so detach
// earlier views, so views are taken again after each allocation or kernel call; byte offsets stay valid.
//
// The kernels have no gradient: the sequence ops call them either with the tape off (forward-only) or inside the
// forward function of their `tf.customGrad`, whose hand-written backward pass uses the per-step tensors the
// kernel returns when `save` is set (the backward kernels are in backward-kernels.ts).

import { HeapOps, type KernelArgs, type WasmHeapBackend } from '@rnn/core';
import type * as tf from '@tensorflow/tfjs';
import { type GateExports, SEQUENCE_GATES } from './gate-module.js';

/** Attributes of the GRU kernel. */
export interface GruKernelAttrs {
  time: number;
  /** `xp` is batch-major `[batch*time, 3u]` (rows `b*time + t`) instead of time-major `[time*batch, 3u]`. */
  batchMajor: boolean;
  goBackwards: boolean;
  resetAfter: boolean;
  /** Also return the per-step tensors the backward pass needs. */
  save: boolean;
}

/** Attributes of the LSTM kernel. */
export interface LstmKernelAttrs {
  time: number;
  /** `xp` is batch-major `[batch*time, 4u]` (rows `b*time + t`) instead of time-major `[time*batch, 4u]`. */
  batchMajor: boolean;
  goBackwards: boolean;
  save: boolean;
}

/** A JS copy of a small input (a bias), zeros when absent. */
function copyOrZeros(ops: HeapOps, t: tf.TensorInfo | undefined, length: number): Float32Array {
  return t ? Float32Array.from(ops.view(t)) : new Float32Array(length);
}

/**
 * Per-row mask and "seen" buffers of a call. Without a mask: m = 1 for every row and step (a one-element vector with
 * stride 0) and seen = 1; with one, the mask tensor `[batch, time]` itself (column t, row stride time) and seen = 0.
 */
function maskBuffers(ops: HeapOps, mask: tf.TensorInfo | undefined, B: number, T: number) {
  const one = mask ? null : ops.vector([1]);
  const seen = ops.vector(new Float32Array(B).fill(mask ? 0 : 1));
  const base = mask ? ops.ptr(mask) : ops.ptr(one as tf.TensorInfo);
  return {
    at: (t: number) => (mask ? base + 4 * t : base),
    stride: mask ? 4 * T : 0,
    seen,
    scratch: [seen, ...(one ? [one] : [])],
  };
}

/**
 * GRU over a whole sequence. Inputs: `xp` `[time*batch, 3u]` (time-major `x·W`, no bias), `h0` `[batch, u]`,
 * `U` `[u, 3u]` (resetAfter) or `Uzr` `[u, 2u]` and `Uh` `[u, u]` (resetAfter false), optional `bIn` `[3u]`,
 * `bRec` `[3u]` (resetAfter only) and `mask` `[batch, time]` (float, input time order).
 * Outputs: `outputs` `[batch, time, u]` (processing order), `hT` `[batch, u]`, then when `save` four slabs with the
 * rows of processing step k at `k·batch …`: `zr` `[time·batch, 2u]` (post-sigmoid), `ĥ`, `hr` (resetAfter:
 * `h·Uh + b'h`; else `r ⊙ hPrev`) and `hPrev`, each `[time·batch, u]`.
 */
export function gruForwardKernel(args: KernelArgs): tf.TensorInfo[] {
  const ops = new HeapOps(args.backend as WasmHeapBackend);
  const g = SEQUENCE_GATES.exportsFor(args.backend) as GateExports;
  const { xp, h0, U, Uzr, Uh, bIn, bRec, mask } = args.inputs as Record<string, tf.TensorInfo | undefined>;
  const { time: T, goBackwards, resetAfter, save, batchMajor } = args.attrs as unknown as GruKernelAttrs;
  const [B, u] = (h0 as tf.TensorInfo).shape as [number, number];
  const u2 = 2 * u;
  const u3 = 3 * u;
  const bi = copyOrZeros(ops, bIn, u3);
  const br = copyOrZeros(ops, bRec, u3);
  const bzrValues = new Float32Array(u2);
  for (let j = 0; j < u2; j++) bzrValues[j] = (bi[j] as number) + (br[j] as number);

  const outputs = ops.alloc([B, T, u]);
  const hT = ops.alloc([B, u]);
  // Saved for BPTT, one slab each, rows k·B … k·B + B − 1 for processing step k.
  const saved = save ? [ops.alloc([T * B, u2]), ops.alloc([T * B, u]), ops.alloc([T * B, u]), ops.alloc([T * B, u])] : [];
  const [, sHC, sHR] = saved.map((t) => ops.ptr(t)); // byte offsets of the slabs the gate module writes
  const h = ops.alloc([B, u]);
  const preZR = ops.alloc([B, u2]);
  const preH = ops.alloc([B, u]);
  const sink = ops.alloc([B, u]); // destination of values computed but not saved
  const hpBuf = ops.alloc([B, resetAfter ? u3 : u2]);
  const hh2Buf = ops.alloc([B, u]);
  const zrBuf = ops.alloc([B, u2]);
  const sBuf = ops.alloc([B, u]);
  const bzr = ops.vector(bzrValues);
  const bxh = ops.vector(bi.subarray(u2));
  const brh = ops.vector(br.subarray(u2));
  const unit = ops.vector(new Float32Array(u2).fill(1));
  const two = ops.vector(new Float32Array(u).fill(2));
  const mb = maskBuffers(ops, mask, B, T);
  const scratch = [h, preZR, preH, sink, hpBuf, hh2Buf, zrBuf, sBuf, bzr, bxh, brh, unit, two, ...mb.scratch];
  ops.view(h).set(ops.view(h0 as tf.TensorInfo));
  const [X, pH, pZR, pPH, pSink, pOut] = [xp as tf.TensorInfo, h, preZR, preH, sink, outputs].map((t) => ops.ptr(t)) as number[] as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  try {
    for (let k = 0; k < T; k++) {
      const t = goBackwards ? T - 1 - k : k;
      // Row b of step t of xp: batch-major rows b·T + t, time-major rows t·B + b.
      const x0 = X + 4 * (batchMajor ? t : t * B) * u3;
      const xs = 4 * (batchMajor ? T : 1) * u3;
      if (save) ops.view(saved[3] as tf.TensorInfo).set(ops.view(h), k * B * u);
      const hp = ops.matMul(h, (resetAfter ? U : Uzr) as tf.TensorInfo, hpBuf);
      const pHP = ops.ptr(hp);
      const hpW = resetAfter ? u3 : u2;
      g.add3s(pZR, 4 * u2, x0, xs, pHP, 4 * hpW, ops.ptr(bzr), 0, ops.ptr(unit), 0, B, u2);
      const zr = ops.sigmoid(preZR, zrBuf);
      const pR = ops.ptr(zr) + 4 * u;
      // resetAfter: h·Uh + b'h straight into its slab; else r ⊙ h, the next matmul's operand, in `sink` first.
      const pHR = save && resetAfter ? (sHR as number) + 4 * k * B * u : pSink;
      let hh2: tf.TensorInfo | null = null;
      if (resetAfter) {
        // ĥ pre-activation, doubled (tanh(a) = 2σ(2a) − 1): 2·(x·Wh + bh + r ⊙ (h·Uh + b'h)).
        g.gruCand(pPH, 4 * u, x0 + 4 * u2, xs, ops.ptr(bxh), 0, pR, 4 * u2, pHP + 4 * u2, 4 * u3, ops.ptr(brh), 0, pHR, 4 * u, B, u);
      } else {
        // 2·(x·Wh + bh + (r ⊙ h)·Uh).
        g.mul2(pHR, 4 * u, pR, 4 * u2, pH, 4 * u, B, u);
        hh2 = ops.matMul(sink, Uh as tf.TensorInfo, hh2Buf);
        if (save) ops.view(saved[2] as tf.TensorInfo).set(ops.view(sink), k * B * u);
        g.add3s(pPH, 4 * u, x0 + 4 * u2, xs, ops.ptr(hh2), 4 * u, ops.ptr(bxh), 0, ops.ptr(two), 0, B, u);
      }
      const s = ops.sigmoid(preH, sBuf);
      const pHC = save ? (sHC as number) + 4 * k * B * u : pSink;
      g.gruOut(pH, 4 * u, ops.ptr(s), 4 * u, ops.ptr(zr), 4 * u2, pHC, 4 * u, pOut + 4 * k * u, 4 * T * u, mb.at(t), mb.stride, ops.ptr(mb.seen), 4, B, u);
      if (hp !== hpBuf) ops.free(hp);
      if (s !== sBuf) ops.free(s);
      if (hh2 && hh2 !== hh2Buf) ops.free(hh2);
      if (save) ops.view(saved[0] as tf.TensorInfo).set(ops.view(zr), k * B * u2);
      if (zr !== zrBuf) ops.free(zr);
    }
    ops.view(hT).set(ops.view(h));
  } finally {
    for (const t of scratch) ops.free(t);
    ops.release();
  }
  return [outputs, hT, ...saved];
}

/**
 * LSTM over a whole sequence. Inputs: `xp` `[time*batch, 4u]` (time-major `x·W`, no bias; batch-major with `batchMajor`), `h0`, `c0` `[batch, u]`,
 * `U` `[u, 4u]`, optional `bias` `[4u]` and `mask` `[batch, time]`. Outputs: `outputs` `[batch, time, u]`,
 * `hT`, `cT`, then when `save` four slabs with the rows of processing step k at `k·batch …`: the activated gates
 * `[i|f|g|o]` `[time·batch, 4u]`, `tanh(c')`, `cPrev` and `hPrev`, each `[time·batch, u]`.
 */
export function lstmForwardKernel(args: KernelArgs): tf.TensorInfo[] {
  const ops = new HeapOps(args.backend as WasmHeapBackend);
  const g = SEQUENCE_GATES.exportsFor(args.backend) as GateExports;
  const { xp, h0, c0, U, bias, mask } = args.inputs as Record<string, tf.TensorInfo | undefined>;
  const { time: T, goBackwards, save, batchMajor } = args.attrs as unknown as LstmKernelAttrs;
  const [B, u] = (h0 as tf.TensorInfo).shape as [number, number];
  const u4 = 4 * u;

  const outputs = ops.alloc([B, T, u]);
  const hT = ops.alloc([B, u]);
  const cT = ops.alloc([B, u]);
  // Saved for BPTT, one slab each, rows k·B … k·B + B − 1 for processing step k.
  const saved = save ? [ops.alloc([T * B, u4]), ops.alloc([T * B, u]), ops.alloc([T * B, u]), ops.alloc([T * B, u])] : [];
  const sTC = save ? ops.ptr(saved[1] as tf.TensorInfo) : 0;
  const h = ops.alloc([B, u]);
  const c = ops.alloc([B, u]);
  const cn = ops.alloc([B, u]);
  const pre = ops.alloc([B, u4]);
  const preC = ops.alloc([B, u]);
  const sink = ops.alloc([B, u]);
  const hpBuf = ops.alloc([B, u4]);
  const gBuf = ops.alloc([B, u4]);
  const scBuf = ops.alloc([B, u]);
  const b = ops.vector(copyOrZeros(ops, bias, u4));
  // One sigmoid serves all four gates: the g block is doubled (tanh(a) = 2σ(2a) − 1).
  const scale = ops.vector(Float32Array.from({ length: u4 }, (_, j) => (j >= 2 * u && j < 3 * u ? 2 : 1)));
  const mb = maskBuffers(ops, mask, B, T);
  const scratch = [h, c, cn, pre, preC, sink, hpBuf, gBuf, scBuf, b, scale, ...mb.scratch];
  ops.view(h).set(ops.view(h0 as tf.TensorInfo));
  ops.view(c).set(ops.view(c0 as tf.TensorInfo));
  const [X, pH, pC, pCN, pPre, pPC, pSink, pOut] = [xp as tf.TensorInfo, h, c, cn, pre, preC, sink, outputs].map((t) => ops.ptr(t)) as number[] as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  try {
    for (let k = 0; k < T; k++) {
      const t = goBackwards ? T - 1 - k : k;
      if (save) {
        ops.view(saved[3] as tf.TensorInfo).set(ops.view(h), k * B * u);
        ops.view(saved[2] as tf.TensorInfo).set(ops.view(c), k * B * u);
      }
      const hp = ops.matMul(h, U as tf.TensorInfo, hpBuf);
      const x0 = X + 4 * (batchMajor ? t : t * B) * u4;
      g.add3s(pPre, 4 * u4, x0, 4 * (batchMajor ? T : 1) * u4, ops.ptr(hp), 4 * u4, ops.ptr(b), 0, ops.ptr(scale), 0, B, u4);
      if (hp !== hpBuf) ops.free(hp);
      const gates = ops.sigmoid(pre, gBuf);
      const pG = ops.ptr(gates);
      g.lstmC(pG, 4 * u4, pG + 4 * u, 4 * u4, pG + 8 * u, 4 * u4, pC, 4 * u, pCN, 4 * u, pPC, 4 * u, B, u);
      const sc = ops.sigmoid(preC, scBuf);
      const pTC = save ? sTC + 4 * k * B * u : pSink;
      g.lstmH(
        pH,
        4 * u,
        pC,
        4 * u,
        pCN,
        4 * u,
        ops.ptr(sc),
        4 * u,
        pG + 12 * u,
        4 * u4,
        pTC,
        4 * u,
        pOut + 4 * k * u,
        4 * T * u,
        mb.at(t),
        mb.stride,
        ops.ptr(mb.seen),
        4,
        B,
        u,
      );
      if (sc !== scBuf) ops.free(sc);
      if (save) ops.view(saved[0] as tf.TensorInfo).set(ops.view(gates), k * B * u4);
      if (gates !== gBuf) ops.free(gates);
    }
    ops.view(hT).set(ops.view(h));
    ops.view(cT).set(ops.view(c));
  } finally {
    for (const t of scratch) ops.free(t);
    ops.release();
  }
  return [outputs, hT, cT, ...saved];
}
