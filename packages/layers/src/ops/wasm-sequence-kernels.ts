// Whole-sequence forward kernels for the wasm backend: one engine call runs every step of a GRU or LSTM.
//
// Why. Profiled on the bench shape (batch 64, 40 steps, 128 units, CPU time): with plain tf ops each step runs
// the recurrent matmul (~270 µs, XNNPACK) plus ~15 small gate kernels at 5–20 µs each, and the engine's own
// bookkeeping per op (tidy scopes, tensor records, the op wrappers) cost as much again: 26 ms per GRU inference
// of which ~16 ms were matmuls. These kernels keep the matmul on XNNPACK (the registered `BatchMatMul` kernel,
// called directly) and the sigmoids on XNNPACK (`Sigmoid`, vectorised; tanh is computed as 2σ(2x) − 1), and do
// every other gate operation in one tight JS loop per step over Float32Array views of the wasm heap: no copies
// out of the heap, no engine round trip per op. JS's own `Math.exp` is ~10× slower than XNNPACK's sigmoid, hence
// the split of work.
//
// Memory rules of the wasm heap: every allocation (`makeOutput`, and any kernel we call) may grow the heap and
// so detach earlier views, so views are taken again after each allocation or kernel call.
//
// The kernels have no gradient: the sequence ops call them either with the tape off (forward-only) or inside the
// forward function of their `tf.customGrad`, whose hand-written backward pass uses the per-step tensors the
// kernel returns when `save` is set.

import * as tf from '@tensorflow/tfjs';
import { GATE_GRAD_WASM_BASE64, GATE_WASM_BASE64, OPTIMIZER_WASM_BASE64 } from './gate-wasm-module.js';
import { withSharedMemoryImport } from './shared-memory-import.js';

const GRU_KERNEL = 'RnnTsGruSequence';
const LSTM_KERNEL = 'RnnTsLstmSequence';
const GRU_GRAD_KERNEL = 'RnnTsGruSequenceGrad';
const LSTM_GRAD_KERNEL = 'RnnTsLstmSequenceGrad';

/** The part of tfjs-backend-wasm's `BackendWasm` these kernels use (public methods of that class). */
export interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
  disposeData(dataId: object, force?: boolean): boolean;
}

export type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: unknown };

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

/** The exports of the generated gate module (see scripts/gen-gate-wasm.mjs): pointers and strides in bytes. */
export interface GateExports {
  add3s(...args: number[]): void;
  gruCand(...args: number[]): void;
  mul2(...args: number[]): void;
  gruOut(...args: number[]): void;
  lstmC(...args: number[]): void;
  lstmH(...args: number[]): void;
  lstmBack(...args: number[]): void;
  gruBack(...args: number[]): void;
  gruBackA(...args: number[]): void;
  gruBackB(...args: number[]): void;
  adam(...args: number[]): void;
}

/**
 * tfjs-backend-wasm's Emscripten module: the single-threaded build exports its heap memory (`asm.memory`); the
 * multi-threaded build creates a shared one in JS and keeps it as `wasmMemory`.
 */
interface WasmModuleWithMemory {
  asm?: { memory?: unknown };
  wasmMemory?: unknown;
}

/** The part of the global `WebAssembly` namespace used here (the package's TS lib settings do not declare it). */
interface WebAssemblyApi {
  Memory: abstract new (...args: never[]) => object;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

const gateInstances = new WeakMap<object, GateExports | null>();

/** The gate module instantiated on `backend`'s heap (shared or not), or null when that is impossible (no SIMD). */
export function gateModule(backend: unknown): GateExports | null {
  const api = (globalThis as unknown as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  const module = (backend as { wasm?: WasmModuleWithMemory }).wasm;
  const memory = module?.asm?.memory ?? module?.wasmMemory;
  if (!api || !(memory instanceof api.Memory)) return null;
  const cached = gateInstances.get(memory);
  if (cached !== undefined) return cached;
  let exports: GateExports | null = null;
  try {
    // The heap of tfjs-backend-wasm's multi-threaded build is a shared memory.
    const shared = typeof SharedArrayBuffer !== 'undefined' && (memory as { buffer?: unknown }).buffer instanceof SharedArrayBuffer;
    const load = (base64: string) => {
      const plain = Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
      const bytes = shared ? withSharedMemoryImport(plain) : plain;
      return new api.Instance(new api.Module(bytes), { env: { memory } }).exports as object;
    };
    exports = { ...load(GATE_WASM_BASE64), ...load(GATE_GRAD_WASM_BASE64), ...load(OPTIMIZER_WASM_BASE64) } as unknown as GateExports;
  } catch {
    exports = null; // e.g. an engine without WebAssembly SIMD: the plain-tf path runs instead
  }
  gateInstances.set(memory, exports);
  return exports;
}

/**
 * The C entry points of tfjs-backend-wasm 4.x that its own `BatchMatMul` and `Sigmoid` kernels call, and its tensor
 * ids. Calling them directly into preallocated outputs skips a heap allocation, two reshapes and the argument
 * marshalling of every step (measured: 20–40 µs per matmul call). Not public API, so they are used only after a
 * self-test on the live backend (see {@link directCallsWork}); otherwise the registered kernels are called.
 */
interface WasmDirect {
  _BatchMatMul(aId: number, aShape: number, aRank: number, bId: number, bShape: number, bRank: number, ta: number, tb: number, outId: number): void;
  _Sigmoid(xId: number, outId: number): void;
}
interface WasmBackendInternals {
  wasm?: Partial<WasmDirect>;
  dataIdMap?: { get(dataId: object): { id: number } | undefined };
}

const directChecked = new WeakMap<object, boolean>();

/** Whether the direct entry points exist and compute `[[1,2],[3,4]]·[[5,6],[7,8]]` and σ(0), σ(2) correctly here. */
function directCallsWork(backend: WasmHeapBackend): boolean {
  const known = directChecked.get(backend);
  if (known !== undefined) return known;
  const internals = backend as unknown as WasmBackendInternals;
  const w = internals.wasm;
  const map = internals.dataIdMap;
  let ok = false;
  if (typeof w?._BatchMatMul === 'function' && typeof w._Sigmoid === 'function' && map && typeof map.get === 'function') {
    const made: tf.TensorInfo[] = [];
    const make = (shape: number[], values: number[], dtype: tf.DataType = 'float32') => {
      const t = backend.makeOutput(shape, dtype);
      made.push(t);
      backend.typedArrayFromHeap(t).set(values);
      return t;
    };
    try {
      const id = (t: tf.TensorInfo) => (map.get(t.dataId) as { id: number }).id;
      const a = make([2, 2], [1, 2, 3, 4]);
      const b = make([2, 2], [5, 6, 7, 8]);
      const out = make([2, 2], [0, 0, 0, 0]);
      const shapes = make([6], [1, 2, 2, 1, 2, 2], 'int32');
      const p = backend.typedArrayFromHeap(shapes).byteOffset;
      w._BatchMatMul(id(a), p, 3, id(b), p + 12, 3, 0, 0, id(out));
      const x = make([2], [0, 2]);
      const s = make([2], [0, 0]);
      w._Sigmoid(id(x), id(s));
      const prod = Array.from(backend.typedArrayFromHeap(out));
      const sig = backend.typedArrayFromHeap(s);
      ok = prod.join() === '19,22,43,50' && sig[0] === 0.5 && Math.abs((sig[1] as number) - 1 / (1 + Math.exp(-2))) < 1e-6;
    } catch {
      ok = false;
    } finally {
      for (const t of made) backend.disposeData(t.dataId, true);
    }
  }
  directChecked.set(backend, ok);
  return ok;
}

/** Matmuls and sigmoids on the wasm heap bypassing the engine, heap allocation, and byte offsets. */
export class HeapOps {
  private readonly matMulFunc: tf.KernelFunc;
  private readonly sigmoidFunc: tf.KernelFunc;
  private readonly direct: (WasmDirect & { id: (t: tf.TensorInfo) => number; shapes: tf.TensorInfo }) | null;
  readonly gate: GateExports;

  constructor(readonly backend: WasmHeapBackend) {
    this.matMulFunc = (tf.getKernel('BatchMatMul', 'wasm') as tf.KernelConfig).kernelFunc;
    this.sigmoidFunc = (tf.getKernel('Sigmoid', 'wasm') as tf.KernelConfig).kernelFunc;
    this.gate = gateModule(backend) as GateExports;
    if (directCallsWork(backend)) {
      const internals = backend as unknown as Required<WasmBackendInternals>;
      const w = internals.wasm as WasmDirect;
      this.direct = {
        _BatchMatMul: w._BatchMatMul.bind(w),
        _Sigmoid: w._Sigmoid.bind(w),
        id: (t) => (internals.dataIdMap.get(t.dataId) as { id: number }).id,
        shapes: backend.makeOutput([6], 'int32'),
      };
    } else {
      this.direct = null;
    }
  }

  /** Free what the constructor allocated. */
  release(): void {
    if (this.direct) this.free(this.direct.shapes);
  }

  view(t: tf.TensorInfo): Float32Array {
    return this.backend.typedArrayFromHeap(t) as Float32Array;
  }

  /** Byte offset of `t` in the heap (stable: growing the heap keeps offsets). */
  ptr(t: tf.TensorInfo): number {
    return this.view(t).byteOffset;
  }

  alloc(shape: number[]): tf.TensorInfo {
    return this.backend.makeOutput(shape, 'float32');
  }

  /** A heap vector holding `values`. */
  vector(values: ArrayLike<number>): tf.TensorInfo {
    const t = this.alloc([values.length]);
    this.view(t).set(values);
    return t;
  }

  free(t: tf.TensorInfo): void {
    this.backend.disposeData(t.dataId, true);
  }

  /** `a·b` (2-D) into `out` when direct calls work, else into a new tensor: free the result if it is not `out`. */
  matMul(a: tf.TensorInfo, b: tf.TensorInfo, out: tf.TensorInfo): tf.TensorInfo {
    const d = this.direct;
    if (d) {
      const shapes = this.backend.typedArrayFromHeap(d.shapes) as Int32Array;
      shapes[0] = 1;
      shapes[1] = a.shape[0] as number;
      shapes[2] = a.shape[1] as number;
      shapes[3] = 1;
      shapes[4] = b.shape[0] as number;
      shapes[5] = b.shape[1] as number;
      d._BatchMatMul(d.id(a), shapes.byteOffset, 3, d.id(b), shapes.byteOffset + 12, 3, 0, 0, d.id(out));
      return out;
    }
    const args = { inputs: { a, b }, backend: this.backend, attrs: { transposeA: false, transposeB: false } };
    return this.matMulFunc(args as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
  }

  /** σ(x) into `out` when given and direct calls work, else into a new tensor (see {@link matMul}). */
  sigmoid(x: tf.TensorInfo, out?: tf.TensorInfo): tf.TensorInfo {
    const d = this.direct;
    if (d) {
      const o = out ?? this.alloc(x.shape);
      d._Sigmoid(d.id(x), d.id(o));
      return o;
    }
    return this.sigmoidFunc({ inputs: { x }, backend: this.backend } as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
  }
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
function gruSequenceWasm(args: KernelArgs): tf.TensorInfo[] {
  const ops = new HeapOps(args.backend as WasmHeapBackend);
  const g = ops.gate;
  const { xp, h0, U, Uzr, Uh, bIn, bRec, mask } = args.inputs as Record<string, tf.TensorInfo | undefined>;
  const { time: T, goBackwards, resetAfter, save, batchMajor } = args.attrs as GruKernelAttrs;
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
    number, number, number, number, number, number,
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
function lstmSequenceWasm(args: KernelArgs): tf.TensorInfo[] {
  const ops = new HeapOps(args.backend as WasmHeapBackend);
  const g = ops.gate;
  const { xp, h0, c0, U, bias, mask } = args.inputs as Record<string, tf.TensorInfo | undefined>;
  const { time: T, goBackwards, save, batchMajor } = args.attrs as LstmKernelAttrs;
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
    number, number, number, number, number, number, number, number,
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
      g.lstmH(pH, 4 * u, pC, 4 * u, pCN, 4 * u, ops.ptr(sc), 4 * u, pG + 12 * u, 4 * u4, pTC, 4 * u, pOut + 4 * k * u, 4 * T * u, mb.at(t), mb.stride, ops.ptr(mb.seen), 4, B, u);
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
    ops.gate.add3s(ops.ptr(this.dh), 4 * u, ops.ptr(mm), 4 * u, ops.ptr(this.dhPart), 4 * u, ops.ptr(this.zeros), 0, ops.ptr(this.ones), 0, B, u);
    if (mm !== this.mmBuf) ops.free(mm);
  }

  /** Free the buffers (not `dh`'s final value: copy it out first). */
  free(): void {
    for (const t of [this.dh, this.mmBuf, this.dhPart, this.zeros, this.ones, this.one, ...(this.seen ? [this.seen] : [])]) this.ops.free(t);
  }
}

/**
 * LSTM backward pass over the whole sequence (BPTT), the counterpart of {@link lstmSequenceWasm} with `save`.
 * Inputs: `dy` `[batch, time+2, u]` (gradient of the packed outputs, h, c), `UT` `[4u, u]`, optional `mask`, and the
 * forward kernel's slabs `gates`, `tc`, `cPrev`. Outputs: `dG` `[time*batch, 4u]`, the
 * pre-activation gradients by processing step, and the gradients w.r.t. `h0` and `c0`.
 */
function lstmSequenceGradWasm(args: KernelArgs): tf.TensorInfo[] {
  const ops = new HeapOps(args.backend as WasmHeapBackend);
  const g = ops.gate;
  const named = args.inputs as Record<string, tf.TensorInfo | undefined>;
  const dy = named.dy as tf.TensorInfo;
  const UT = named.UT as tf.TensorInfo;
  const { time: T, goBackwards } = args.attrs as SequenceGradAttrs;
  const [B, , u] = dy.shape as [number, number, number];
  const u4 = 4 * u;
  const dG = ops.alloc([T * B, u4]);
  const dh0 = ops.alloc([B, u]);
  const dc0 = ops.alloc([B, u]);
  const dc = ops.alloc([B, u]);
  const dpre = ops.alloc([B, u4]);
  const rg = new RecurrentGradient(ops, dy, named.mask, T, goBackwards);
  copyStep(ops, dy, T + 1, dc);
  const [pDy, pDh, pDc, pPre, pPart] = [dy, rg.dh, dc, dpre, rg.dhPart].map((t) => ops.ptr(t)) as [number, number, number, number, number];
  try {
    for (let k = T - 1; k >= 0; k--) {
      const t = goBackwards ? T - 1 - k : k;
      const pG = ops.ptr(named.gates as tf.TensorInfo) + 4 * k * B * u4;
      const pTC = ops.ptr(named.tc as tf.TensorInfo) + 4 * k * B * u;
      const pCP = ops.ptr(named.cPrev as tf.TensorInfo) + 4 * k * B * u;
      g.lstmBack(
        pDy + 4 * k * u, 4 * (T + 2) * u, pDh, 4 * u, pDc, 4 * u,
        pG, 4 * u4, pG + 4 * u, 4 * u4, pG + 8 * u, 4 * u4, pG + 12 * u, 4 * u4,
        pTC, 4 * u, pCP, 4 * u,
        pPre, 4 * u4, pPre + 4 * u, 4 * u4, pPre + 8 * u, 4 * u4, pPre + 12 * u, 4 * u4,
        pPart, 4 * u, rg.maskPtr(t), rg.rowStride, rg.seenPtr(k), rg.rowStride, B, u,
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
function gruSequenceGradWasm(args: KernelArgs): tf.TensorInfo[] {
  if ((args.attrs as SequenceGradAttrs).resetAfter === false) return gruResetBeforeGradWasm(args);
  const ops = new HeapOps(args.backend as WasmHeapBackend);
  const g = ops.gate;
  const named = args.inputs as Record<string, tf.TensorInfo | undefined>;
  const dy = named.dy as tf.TensorInfo;
  const UT = named.UT as tf.TensorInfo;
  const { time: T, goBackwards } = args.attrs as SequenceGradAttrs;
  const [B, , u] = dy.shape as [number, number, number];
  const u2 = 2 * u;
  const u3 = 3 * u;
  const dXP = ops.alloc([T * B, u3]);
  const dHP = ops.alloc([T * B, u3]);
  const dh0 = ops.alloc([B, u]);
  const dhp = ops.alloc([B, u3]);
  const rg = new RecurrentGradient(ops, dy, named.mask, T, goBackwards);
  const [pDy, pDh, pDhp, pPart, pDXP] = [dy, rg.dh, dhp, rg.dhPart, dXP].map((t) => ops.ptr(t)) as [number, number, number, number, number];
  try {
    for (let k = T - 1; k >= 0; k--) {
      const t = goBackwards ? T - 1 - k : k;
      const pZR = ops.ptr(named.zr as tf.TensorInfo) + 4 * k * B * u2;
      const step = 4 * k * B * u;
      const x0 = pDXP + 4 * t * B * u3;
      g.gruBack(
        pDy + 4 * k * u, 4 * (T + 1) * u, pDh, 4 * u,
        pZR, 4 * u2, pZR + 4 * u, 4 * u2,
        ops.ptr(named.hc as tf.TensorInfo) + step, 4 * u, ops.ptr(named.hPrev as tf.TensorInfo) + step, 4 * u, ops.ptr(named.hr as tf.TensorInfo) + step, 4 * u,
        x0, 4 * u3, x0 + 4 * u, 4 * u3, x0 + 8 * u, 4 * u3,
        pDhp, 4 * u3, pDhp + 4 * u, 4 * u3, pDhp + 8 * u, 4 * u3,
        pPart, 4 * u, rg.maskPtr(t), rg.rowStride, rg.seenPtr(k), rg.rowStride, B, u,
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
function gruResetBeforeGradWasm(args: KernelArgs): tf.TensorInfo[] {
  const ops = new HeapOps(args.backend as WasmHeapBackend);
  const g = ops.gate;
  const named = args.inputs as Record<string, tf.TensorInfo | undefined>;
  const dy = named.dy as tf.TensorInfo;
  const { time: T, goBackwards } = args.attrs as SequenceGradAttrs;
  const [B, , u] = dy.shape as [number, number, number];
  const u2 = 2 * u;
  const u3 = 3 * u;
  const dXP = ops.alloc([T * B, u3]);
  const dHP = ops.alloc([T * B, u2]);
  const dHC = ops.alloc([T * B, u]);
  const dh0 = ops.alloc([B, u]);
  const dhp = ops.alloc([B, u2]);
  const dhc = ops.alloc([B, u]);
  const drhBuf = ops.alloc([B, u]);
  const rg = new RecurrentGradient(ops, dy, named.mask, T, goBackwards);
  const [pDy, pDh, pDhp, pDhc, pPart, pDXP] = [dy, rg.dh, dhp, dhc, rg.dhPart, dXP].map((t) => ops.ptr(t)) as [number, number, number, number, number, number];
  try {
    for (let k = T - 1; k >= 0; k--) {
      const t = goBackwards ? T - 1 - k : k;
      const pZR = ops.ptr(named.zr as tf.TensorInfo) + 4 * k * B * u2;
      const step = 4 * k * B * u;
      const pHP = ops.ptr(named.hPrev as tf.TensorInfo) + step;
      const x0 = pDXP + 4 * t * B * u3;
      g.gruBackA(
        pDy + 4 * k * u, 4 * (T + 1) * u, pDh, 4 * u, pZR, 4 * u2, ops.ptr(named.hc as tf.TensorInfo) + step, 4 * u, pHP, 4 * u,
        x0, 4 * u3, pDhp, 4 * u2, x0 + 8 * u, 4 * u3, pDhc, 4 * u, pPart, 4 * u,
        rg.maskPtr(t), rg.rowStride, rg.seenPtr(k), rg.rowStride, B, u,
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

/**
 * Run the GRU (`resetAfter: false`) backward kernel (see {@link gruResetBeforeGradWasm}) on the forward kernel's slabs.
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
  const named: tf.NamedTensorMap = { dy, UzrT, UhT, zr: saved.zr, hc: saved.hc, hr: saved.hr, hPrev: saved.hPrev };
  if (mask) named.mask = mask;
  const out = tf.engine().runKernel(GRU_GRAD_KERNEL, named, { ...attrs, resetAfter: false } as unknown as tf.NamedAttrMap) as unknown as tf.Tensor2D[];
  return { dXP: out[0] as tf.Tensor2D, dHP: out[1] as tf.Tensor2D, dHC: out[2] as tf.Tensor2D, dh0: out[3] as tf.Tensor2D };
}

/**
 * Run the LSTM backward kernel (see {@link lstmSequenceGradWasm}) on the forward kernel's saved slabs.
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
  const named: tf.NamedTensorMap = { dy, UT, gates: saved.gates, tc: saved.tc, cPrev: saved.cPrev };
  if (mask) named.mask = mask;
  const out = tf.engine().runKernel(LSTM_GRAD_KERNEL, named, attrs as unknown as tf.NamedAttrMap) as unknown as tf.Tensor2D[];
  return { dG: out[0] as tf.Tensor2D, dh0: out[1] as tf.Tensor2D, dc0: out[2] as tf.Tensor2D };
}

/**
 * Run the GRU (`resetAfter: true`) backward kernel (see {@link gruSequenceGradWasm}) on the forward kernel's slabs.
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
  const named: tf.NamedTensorMap = { dy, UT, zr: saved.zr, hc: saved.hc, hr: saved.hr, hPrev: saved.hPrev };
  if (mask) named.mask = mask;
  const out = tf.engine().runKernel(GRU_GRAD_KERNEL, named, attrs as unknown as tf.NamedAttrMap) as unknown as tf.Tensor2D[];
  return { dXP: out[0] as tf.Tensor2D, dHP: out[1] as tf.Tensor2D, dh0: out[2] as tf.Tensor2D };
}

let enabled = true;

/**
 * Smallest state (`batch × units` elements) for which `gruStep`/`lstmStep` use the one-step kernel. Below it the
 * kernel's fixed set-up (scratch buffers, bias copies) costs more than it saves: measured (CPU per step, loaded
 * machine) batch 1 × 256 units: GRU 157 µs kernel vs 150 µs plain ops, LSTM 179 vs 122; batch 8 × 256: GRU 246 vs
 * 325, LSTM 347 vs 374; batch 64 × 128: GRU 465 vs 587, LSTM 621 vs 715.
 */
export const STEP_KERNEL_MIN_SIZE = 2048;

/**
 * Switch the wasm sequence kernels on or off (for tests comparing them with the plain-tf path). Default: on.
 *
 * @param on Whether {@link useWasmSequenceKernels} may return true.
 * @example
 * ```ts
 * setWasmSequenceKernels(false); // gruSequence/lstmSequence now run per-step tf ops on wasm too
 * ```
 */
export function setWasmSequenceKernels(on: boolean): void {
  enabled = on;
}

/**
 * Whether the whole-sequence kernels can run: the wasm backend is active and has the kernels they call. Registers
 * them on first use.
 *
 * @example
 * ```ts
 * if (useWasmSequenceKernels()) runGruKernel(...);
 * ```
 */
export function useWasmSequenceKernels(): boolean {
  if (!enabled || tf.getBackend() !== 'wasm') return false;
  if (!tf.getKernel('BatchMatMul', 'wasm') || !tf.getKernel('Sigmoid', 'wasm')) return false;
  if (!gateModule(tf.backend())) return false;
  if (!tf.getKernel(GRU_KERNEL, 'wasm')) {
    tf.registerKernel({ kernelName: GRU_KERNEL, backendName: 'wasm', kernelFunc: gruSequenceWasm as unknown as tf.KernelFunc });
    tf.registerKernel({ kernelName: LSTM_KERNEL, backendName: 'wasm', kernelFunc: lstmSequenceWasm as unknown as tf.KernelFunc });
    tf.registerKernel({ kernelName: GRU_GRAD_KERNEL, backendName: 'wasm', kernelFunc: gruSequenceGradWasm as unknown as tf.KernelFunc });
    tf.registerKernel({ kernelName: LSTM_GRAD_KERNEL, backendName: 'wasm', kernelFunc: lstmSequenceGradWasm as unknown as tf.KernelFunc });
  }
  return true;
}

/**
 * Whether a gradient tape is recording (inside `tf.grads`, `tf.variableGrads`, `optimizer.minimize`). The engine's
 * `isTapeOn` is not in its public typings; when it is missing we answer true, which keeps the differentiable path.
 *
 * @example
 * ```ts
 * tapeIsOn(); // false outside any gradient computation
 * ```
 */
export function tapeIsOn(): boolean {
  const engine = tf.engine() as unknown as { isTapeOn?: () => boolean };
  return typeof engine.isTapeOn === 'function' ? engine.isTapeOn() : true;
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
 * Run the GRU kernel (call only when {@link useWasmSequenceKernels} is true). `xp` is the time-major `x·W`
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
  const named: tf.NamedTensorMap = {};
  for (const [k, v] of Object.entries(inputs)) if (v) named[k] = v;
  const out = tf.engine().runKernel(GRU_KERNEL, named, attrs as unknown as tf.NamedAttrMap) as unknown as tf.Tensor2D[];
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
 * Run the LSTM kernel (call only when {@link useWasmSequenceKernels} is true); see {@link runGruKernel}.
 *
 * @example
 * ```ts
 * const r = runLstmKernel({ xp, h0, c0, U, bias }, { time: 40, batchMajor: false, goBackwards: false, save: false });
 * r.cT.shape; // [batch, units]
 * ```
 */
export function runLstmKernel(inputs: Record<string, tf.Tensor | undefined>, attrs: LstmKernelAttrs): LstmKernelResult {
  const named: tf.NamedTensorMap = {};
  for (const [k, v] of Object.entries(inputs)) if (v) named[k] = v;
  const out = tf.engine().runKernel(LSTM_KERNEL, named, attrs as unknown as tf.NamedAttrMap) as unknown as tf.Tensor2D[];
  const [gates, tc, cPrev, hPrev] = out.slice(3) as tf.Tensor2D[];
  const saved = attrs.save ? { gates: gates as tf.Tensor2D, tc: tc as tf.Tensor2D, cPrev: cPrev as tf.Tensor2D, hPrev: hPrev as tf.Tensor2D } : null;
  return { outputs: out[0] as unknown as tf.Tensor3D, hT: out[1] as tf.Tensor2D, cT: out[2] as tf.Tensor2D, saved };
}
