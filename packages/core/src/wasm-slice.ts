import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelArgs } from './kernel-args.js';

// tfjs-backend-wasm 4.x's `Slice` starts with `backend.readSync(x.dataId)`, which on wasm COPIES the whole
// input out of the heap, and only then copies the piece. `SplitV` and `Unpack` call that same function once per
// piece, so splitting a tensor into n pieces copies it n times: measured here, 150 ms of CPU to split a
// `[2560, 512]` tensor into 40 steps where copying the pieces takes under 1 ms. The kernels below copy each
// piece straight out of a view of the heap instead. The view is taken after every `makeOutput`, because
// allocating may grow the heap and so detach earlier views. `Reverse` (a generic per-element index loop in C++,
// ~35 ns per element here) gets the same treatment: it copies contiguous runs.

/** Row-major element strides of `shape`. */
function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) strides[i] = (strides[i + 1] as number) * (shape[i + 1] as number);
  return strides;
}

/**
 * Copy the box `begin`/`size` of a row-major array of `shape` into `dst`: one `TypedArray.set` per
 * contiguous run (the trailing axes the box spans entirely are folded into the run).
 */
function copyBox(src: tf.TypedArray, shape: readonly number[], begin: readonly number[], size: readonly number[], dst: tf.TypedArray): void {
  const rank = shape.length;
  if (rank === 0) {
    dst.set(src.subarray(0, 1));
    return;
  }
  const strides = stridesOf(shape);
  let k = rank - 1;
  while (k > 0 && begin[k] === 0 && size[k] === shape[k]) k--;
  const run = (size[k] as number) * (strides[k] as number);
  const base = (begin[k] as number) * (strides[k] as number);
  const counter = new Array<number>(k).fill(0);
  const runs = size.slice(0, k).reduce((a, b) => a * b, 1);
  let out = 0;
  for (let n = 0; n < runs; n++) {
    let offset = base;
    for (let j = 0; j < k; j++) offset += ((begin[j] as number) + (counter[j] as number)) * (strides[j] as number);
    dst.set(src.subarray(offset, offset + run), out);
    out += run;
    for (let j = k - 1; j >= 0; j--) {
      counter[j] = (counter[j] as number) + 1;
      if ((counter[j] as number) < (size[j] as number)) break;
      counter[j] = 0;
    }
  }
}

/** One output per box, each copied from a heap view of `x` (views taken after every allocation). */
function sliceBoxes(backend: BackendWasm, x: tf.TensorInfo, boxes: ReadonlyArray<{ begin: number[]; size: number[] }>): tf.TensorInfo[] {
  const outs = boxes.map((b) => backend.makeOutput(b.size, x.dtype));
  const src = backend.typedArrayFromHeap(x);
  boxes.forEach((b, i) => {
    if (b.size.every((s) => s > 0)) copyBox(src, x.shape, b.begin, b.size, backend.typedArrayFromHeap(outs[i] as tf.TensorInfo));
  });
  return outs;
}

function sliceKernel(stock: tf.KernelFunc): tf.KernelFunc {
  return ((args: KernelArgs) => {
    const x = args.inputs.x as tf.TensorInfo;
    if (x.dtype === 'string') return stock(args as Parameters<tf.KernelFunc>[0]);
    const { begin, size } = args.attrs as unknown as { begin: number | number[]; size?: number | number[] };
    const [b, s] = tf.slice_util.parseSliceParams(x as tf.Tensor, begin, size) as [number[], number[]];
    return sliceBoxes(args.backend as BackendWasm, x, [{ begin: b, size: s }])[0] as tf.TensorInfo;
  }) as tf.KernelFunc;
}

function splitVKernel(stock: tf.KernelFunc): tf.KernelFunc {
  return ((args: KernelArgs) => {
    const x = args.inputs.x as tf.TensorInfo;
    if (x.dtype === 'string') return stock(args as Parameters<tf.KernelFunc>[0]);
    const { numOrSizeSplits, axis } = args.attrs as unknown as { numOrSizeSplits: number | number[]; axis: number | number[] };
    const ax = tf.util.parseAxisParam(axis, x.shape)[0] as number;
    const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, numOrSizeSplits, ax);
    let start = 0;
    const boxes = sizes.map((piece) => {
      const begin = x.shape.map((_, i) => (i === ax ? start : 0));
      const size = x.shape.map((d, i) => (i === ax ? piece : d));
      start += piece;
      return { begin, size };
    });
    return sliceBoxes(args.backend as BackendWasm, x, boxes);
  }) as tf.KernelFunc;
}

function unpackKernel(stock: tf.KernelFunc): tf.KernelFunc {
  return ((args: KernelArgs) => {
    const value = args.inputs.value as tf.TensorInfo;
    if (value.dtype === 'string') return stock(args as Parameters<tf.KernelFunc>[0]);
    const attrAxis = (args.attrs as unknown as { axis: number }).axis;
    const ax = attrAxis < 0 ? attrAxis + value.shape.length : attrAxis;
    const outShape = value.shape.filter((_, i) => i !== ax);
    const boxes = Array.from({ length: value.shape[ax] as number }, (_, k) => ({
      begin: value.shape.map((_, i) => (i === ax ? k : 0)),
      size: value.shape.map((d, i) => (i === ax ? 1 : d)),
    }));
    return sliceBoxes(args.backend as BackendWasm, value, boxes).map(({ dataId, dtype }) => ({ dataId, dtype, shape: outShape }));
  }) as tf.KernelFunc;
}

/**
 * Copy `src` (row-major, `shape`) into `dst` with the axes in `reversed` flipped: one `TypedArray.set` per
 * contiguous run of the trailing axes that are not flipped (element by element when the last axis is).
 */
function copyReversed(src: tf.TypedArray, shape: readonly number[], reversed: ReadonlySet<number>, dst: tf.TypedArray): void {
  const rank = shape.length;
  const strides = stridesOf(shape);
  let k = rank;
  while (k > 0 && !reversed.has(k - 1)) k--;
  if (k === 0) {
    dst.set(src); // nothing to flip (only axes of length 1 were named)
    return;
  }
  // Axes k.. are not flipped: each output position over axes 0..k-1 copies one run of that length.
  const run = k === rank ? 1 : (strides[k - 1] as number);
  const counter = new Array<number>(k).fill(0);
  const runs = shape.slice(0, k).reduce((a, b) => a * b, 1);
  let out = 0;
  for (let n = 0; n < runs; n++) {
    let offset = 0;
    for (let j = 0; j < k; j++) {
      const i = counter[j] as number;
      offset += (reversed.has(j) ? (shape[j] as number) - 1 - i : i) * (strides[j] as number);
    }
    if (run === 1) dst[out] = src[offset] as number;
    else dst.set(src.subarray(offset, offset + run), out);
    out += run;
    for (let j = k - 1; j >= 0; j--) {
      counter[j] = (counter[j] as number) + 1;
      if ((counter[j] as number) < (shape[j] as number)) break;
      counter[j] = 0;
    }
  }
}

function reverseKernel(stock: tf.KernelFunc): tf.KernelFunc {
  return ((args: KernelArgs) => {
    const x = args.inputs.x as tf.TensorInfo;
    if (x.dtype === 'string' || x.shape.length === 0) return stock(args as Parameters<tf.KernelFunc>[0]);
    const { dims } = args.attrs as unknown as { dims: number | number[] };
    const axes = new Set(tf.util.parseAxisParam(dims, x.shape).filter((a) => (x.shape[a] as number) > 1));
    const backend = args.backend as BackendWasm;
    const out = backend.makeOutput([...x.shape], x.dtype);
    if (x.shape.every((d) => d > 0)) copyReversed(backend.typedArrayFromHeap(x), x.shape, axes, backend.typedArrayFromHeap(out));
    return out;
  }) as tf.KernelFunc;
}

/**
 * For each copying kernel of the wasm backend (`Slice`, `SplitV`, `Unpack`, `Reverse`), a maker of its heap-view
 * replacement given the stock kernel (which still serves string tensors: they do not live on the heap).
 */
export const HEAP_COPY_KERNELS: Readonly<Record<'Slice' | 'SplitV' | 'Unpack' | 'Reverse', (stock: tf.KernelFunc) => tf.KernelFunc>> = {
  Slice: sliceKernel,
  SplitV: splitVKernel,
  Unpack: unpackKernel,
  Reverse: reverseKernel,
};
