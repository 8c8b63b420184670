// Splitting a 2-D tensor into pieces, without the wasm backend's quadratic cost.
//
// tfjs-backend-wasm 4.x's `Slice` kernel (which `tf.split`, `tf.unstack` and `tf.slice` all run on) first copies
// the WHOLE input out of the wasm heap (`readSync`) and then copies the piece: splitting a `[time*batch, n]`
// input projection into its `time` steps costs `time` full copies. Measured here (CPU time, 2 cores): 150 ms to
// split a `[2560, 512]` tensor into 40 steps, where copying the pieces takes under 1 ms. `tf.gather` is no
// better (75 ms: a per-element C++ loop). This module registers one small wasm kernel, `RnnTsSplit2D`, that
// copies each piece straight from the heap (one `TypedArray.set` per piece or per row), with a gradient
// (`concat` of the piece gradients) so it is safe under a tape. Other backends use `tf.split`, which is
// already cheap there (the cpu backend slices contiguous pieces as views).

import * as tf from '@tensorflow/tfjs';

const KERNEL_NAME = 'RnnTsSplit2D';

interface Split2DAttrs {
  axis: 0 | 1;
  sizes: number[];
}

/** The part of tfjs-backend-wasm's `BackendWasm` this kernel uses (public methods of that class). */
interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

function split2dWasm(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: unknown }): tf.TensorInfo[] {
  const x = args.inputs.x as tf.TensorInfo;
  const { axis, sizes } = args.attrs as unknown as Split2DAttrs;
  const backend = args.backend as WasmHeapBackend;
  const [rows, cols] = x.shape as [number, number];
  const outs = sizes.map((s) => backend.makeOutput(axis === 0 ? [s, cols] : [rows, s], x.dtype));
  // Views only after every allocation: makeOutput may grow (and so replace) the heap buffer.
  const src = backend.typedArrayFromHeap(x);
  let offset = 0;
  outs.forEach((out, i) => {
    const s = sizes[i] as number;
    const dst = backend.typedArrayFromHeap(out);
    if (axis === 0) {
      dst.set(src.subarray(offset * cols, (offset + s) * cols));
    } else {
      for (let r = 0; r < rows; r++) dst.set(src.subarray(r * cols + offset, r * cols + offset + s), r * s);
    }
    offset += s;
  });
  return outs;
}

function ensureRegistered(): void {
  if (tf.getKernel(KERNEL_NAME, 'wasm')) return;
  tf.registerKernel({ kernelName: KERNEL_NAME, backendName: 'wasm', kernelFunc: split2dWasm as unknown as tf.KernelFunc });
  tf.registerGradient({
    kernelName: KERNEL_NAME,
    gradFunc: (dys: tf.Tensor | tf.Tensor[], _saved: tf.Tensor[], attrs: tf.NamedAttrMap) => {
      const { axis } = attrs as unknown as Split2DAttrs;
      const list = Array.isArray(dys) ? dys : [dys];
      return { x: () => (list.length === 1 ? (list[0] as tf.Tensor) : tf.concat(list, axis)) };
    },
  });
}

/**
 * Split a 2-D tensor into pieces of the given sizes along `axis`, like `tf.split(x, sizes, axis)`, in time linear
 * in the size of `x` on every backend (see the note at the top of this file). Differentiable.
 */
export function split2d(x: tf.Tensor, sizes: readonly number[], axis: 0 | 1): tf.Tensor2D[] {
  if (sizes.length === 1) return [x as tf.Tensor2D];
  if (tf.getBackend() !== 'wasm') return tf.split(x, [...sizes], axis) as tf.Tensor2D[];
  ensureRegistered();
  const attrs: Split2DAttrs = { axis, sizes: [...sizes] };
  const out = tf.engine().runKernel(KERNEL_NAME, { x }, attrs as unknown as tf.NamedAttrMap);
  return (Array.isArray(out) ? out : [out]) as tf.Tensor2D[];
}

/** `count` equal pieces of `x` along `axis` (see {@link split2d}). */
export function split2dEven(x: tf.Tensor, count: number, axis: 0 | 1): tf.Tensor2D[] {
  const size = (x.shape[axis] as number) / count;
  return split2d(x, Array.from({ length: count }, () => size), axis);
}
