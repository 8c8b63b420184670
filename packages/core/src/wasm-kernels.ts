import * as tf from '@tensorflow/tfjs';
import type { KernelArgs } from './kernel-args.js';
import { WasmHeap, type WasmHeapBackend } from './wasm-heap.js';
import { HEAP_COPY_KERNELS } from './wasm-slice.js';

/**
 * `UnsortedSegmentSum` for the wasm backend, which ships without it. tfjs needs it for the gradient of
 * `gather`, i.e. for training any Embedding. It is a scatter-add: `out[segmentIds[i], ...] += x[i, ...]`,
 * ids outside `[0, numSegments)` are dropped (as in TensorFlow). Runs in JS over the wasm heap: it is
 * O(size of x), negligible next to the matmuls around it.
 */
function unsortedSegmentSumWasm(args: KernelArgs): tf.TensorInfo {
  const heap = new WasmHeap(args.backend as WasmHeapBackend);
  const x = args.inputs.x as tf.TensorInfo;
  const ids = args.inputs.segmentIds as tf.TensorInfo;
  const numSegments = (args.attrs as { numSegments: number }).numSegments;
  const outShape = [numSegments, ...x.shape.slice(ids.shape.length)];
  const out = heap.alloc(outShape, x.dtype);
  // Views taken after the allocation, which may have grown the heap.
  const ov = heap.array(out);
  const xv = heap.array(x);
  const idv = heap.array(ids);
  const n = ids.shape.reduce((a, b) => a * b, 1);
  const inner = n === 0 ? 0 : xv.length / n;
  ov.fill(0);
  for (let i = 0; i < n; i++) {
    const s = idv[i] as number;
    if (s < 0 || s >= numSegments) continue;
    const src = i * inner;
    const dst = s * inner;
    for (let k = 0; k < inner; k++) ov[dst + k] = (ov[dst + k] as number) + (xv[src + k] as number);
  }
  return out;
}

/** Marks the kernel functions this module registers in place of stock ones, so registering twice is a no-op. */
const REPLACED = Symbol.for('@rnn/core/replaced-wasm-kernel');

/** `x` with its last two axes swapped, by the wasm `Transpose` kernel (a copy on the wasm heap). */
function swapLastTwo(x: tf.TensorInfo, backend: unknown): tf.TensorInfo {
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (!transpose) throw new Error('The wasm backend has no Transpose kernel.');
  const r = x.shape.length;
  const perm = [...Array.from({ length: r - 2 }, (_, i) => i), r - 1, r - 2];
  return transpose.kernelFunc({ inputs: { x }, backend: backend as tf.KernelBackend, attrs: { perm } }) as tf.TensorInfo;
}

/**
 * Wraps a wasm matmul kernel (`BatchMatMul`, `_FusedMatMul`) so that `transposeA`/`transposeB` are done
 * by an explicit `Transpose` first. tfjs-backend-wasm 4.x multiplies with XNNPACK only when neither
 * operand is transposed and falls back to a naive loop otherwise: measured here, `[768,256]^T`-style
 * products (every weight gradient of a Dense or recurrent layer) ran 10–25× slower than transposing and
 * multiplying (1534 ms vs 64 ms for `h^T·dy` with h `[768,256]`, dy `[768,4000]`). Results are identical
 * (same products and sums, only the memory layout changes).
 */
function transposeFreeMatMul(inner: tf.KernelFunc): tf.KernelFunc {
  return ((args: KernelArgs) => {
    const attrs = (args.attrs ?? {}) as { transposeA?: boolean; transposeB?: boolean };
    if (!attrs.transposeA && !attrs.transposeB) return inner(args as Parameters<tf.KernelFunc>[0]);
    const heap = new WasmHeap(args.backend as WasmHeapBackend);
    const a = args.inputs.a as tf.TensorInfo;
    const b = args.inputs.b as tf.TensorInfo;
    const aIn = attrs.transposeA ? swapLastTwo(a, heap.backend) : a;
    const bIn = attrs.transposeB ? swapLastTwo(b, heap.backend) : b;
    try {
      return inner({
        ...args,
        inputs: { ...args.inputs, a: aIn, b: bIn },
        attrs: { ...args.attrs, transposeA: false, transposeB: false },
      } as Parameters<tf.KernelFunc>[0]);
    } finally {
      if (aIn !== a) heap.free(aIn);
      if (bIn !== b) heap.free(bIn);
    }
  }) as tf.KernelFunc;
}

/**
 * Replace the registered wasm kernel `kernelName` by `make(stock)`; false when the backend has no such kernel
 * or it was replaced already.
 */
function replaceKernel(kernelName: string, make: (stock: tf.KernelFunc) => tf.KernelFunc): boolean {
  const config = tf.getKernel(kernelName, 'wasm');
  if (!config || (config.kernelFunc as unknown as Record<symbol, unknown>)[REPLACED]) return false;
  const kernelFunc = make(config.kernelFunc);
  Object.defineProperty(kernelFunc, REPLACED, { value: true });
  tf.unregisterKernel(kernelName, 'wasm');
  tf.registerKernel({ ...config, kernelFunc });
  return true;
}

/**
 * Register, once, the kernels the wasm backend lacks or runs badly for training: `UnsortedSegmentSum`
 * (missing; needed by the gradient of `gather`, so that Embeddings train on wasm); transpose-free
 * wrappers around `BatchMatMul` and `_FusedMatMul` (the stock kernels are 10–25× slower when an operand
 * is transposed, which every weight gradient does); `Slice`, `SplitV`, `Unpack` that copy only the piece
 * (the stock ones copy the whole input for every piece, so `tf.split`/`tf.unstack` into n pieces cost n
 * copies of the input); and `Reverse` that copies contiguous runs (the stock one indexes element by element).
 * Idempotent; a kernel that a later tfjs version ships
 * itself is left alone. Called by {@link setupBackend}; call it yourself only
 * if you set the wasm backend up without `setupBackend`.
 *
 * @returns the names of the kernels this call registered (empty when all were already there).
 * @example
 * ```ts
 * import '@tensorflow/tfjs-backend-wasm';
 * await tf.setBackend('wasm');
 * registerWasmKernels(); // ['UnsortedSegmentSum', 'BatchMatMul', '_FusedMatMul', 'Slice', 'SplitV', 'Unpack', 'Reverse'] the first time, [] after
 * ```
 */
export function registerWasmKernels(): string[] {
  const added: string[] = [];
  if (!tf.getKernel('UnsortedSegmentSum', 'wasm')) {
    tf.registerKernel({ kernelName: 'UnsortedSegmentSum', backendName: 'wasm', kernelFunc: unsortedSegmentSumWasm as tf.KernelFunc });
    added.push('UnsortedSegmentSum');
  }
  for (const name of ['BatchMatMul', '_FusedMatMul']) if (replaceKernel(name, transposeFreeMatMul)) added.push(name);
  for (const [name, make] of Object.entries(HEAP_COPY_KERNELS)) if (replaceKernel(name, make)) added.push(name);
  return added;
}
