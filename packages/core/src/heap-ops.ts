import * as tf from '@tensorflow/tfjs';
import { WasmHeap, type WasmHeapBackend } from './wasm-heap.js';

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

/**
 * {@link WasmHeap} plus 2-D matmuls and sigmoids on the heap that bypass the engine: XNNPACK through the backend's
 * own C entry points into a preallocated output (after a self-test on the live backend), else through the registered
 * `BatchMatMul`/`Sigmoid` kernels into a new tensor. For kernels that loop over time steps on the heap. Call
 * {@link release} when done (in a `finally`).
 *
 * @example
 * ```ts
 * const ops = new HeapOps(args.backend as WasmHeapBackend);
 * const buf = ops.alloc([batch, n]);
 * try {
 *   const y = ops.matMul(h, U, buf);       // h·U, in `buf` when the direct call works
 *   if (y !== buf) ops.free(y);
 * } finally {
 *   ops.free(buf);
 *   ops.release();
 * }
 * ```
 */
export class HeapOps extends WasmHeap {
  private readonly matMulFunc: tf.KernelFunc;
  private readonly sigmoidFunc: tf.KernelFunc;
  private readonly direct: (WasmDirect & { id: (t: tf.TensorInfo) => number; shapes: tf.TensorInfo }) | null;

  constructor(backend: WasmHeapBackend) {
    super(backend);
    this.matMulFunc = (tf.getKernel('BatchMatMul', 'wasm') as tf.KernelConfig).kernelFunc;
    this.sigmoidFunc = (tf.getKernel('Sigmoid', 'wasm') as tf.KernelConfig).kernelFunc;
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
