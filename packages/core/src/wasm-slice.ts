import * as tf from '@tensorflow/tfjs';
import type { KernelArgs } from './kernel-args.js';
import { WasmHeap, type WasmHeapBackend } from './wasm-heap.js';

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
 * Copy the box `begin`/`size` of a row-major array of `shape` into `dst`, with the axes in `flipped` read
 * backwards (`Reverse`): one `TypedArray.set` per contiguous run (the trailing axes the box spans entirely and
 * does not flip are folded into the run; element by element when the last axis is flipped).
 */
function copyBox(
  src: tf.TypedArray,
  shape: readonly number[],
  begin: readonly number[],
  size: readonly number[],
  dst: tf.TypedArray,
  flipped: ReadonlySet<number> = new Set(),
): void {
  const rank = shape.length;
  if (rank === 0) {
    dst.set(src.subarray(0, 1));
    return;
  }
  const strides = stridesOf(shape);
  let k = rank - 1;
  while (k > 0 && begin[k] === 0 && size[k] === shape[k] && !flipped.has(k)) k--;
  // Axis k is part of the run unless it is flipped; then it is iterated like the axes before it.
  const loopAxes = flipped.has(k) ? k + 1 : k;
  const run = loopAxes > k ? (strides[k] as number) : (size[k] as number) * (strides[k] as number);
  const base = loopAxes > k ? 0 : (begin[k] as number) * (strides[k] as number);
  const counter = new Array<number>(loopAxes).fill(0);
  const runs = size.slice(0, loopAxes).reduce((a, b) => a * b, 1);
  let out = 0;
  for (let n = 0; n < runs; n++) {
    let offset = base;
    for (let j = 0; j < loopAxes; j++) {
      const i = counter[j] as number;
      const index = flipped.has(j) ? (begin[j] as number) + (size[j] as number) - 1 - i : (begin[j] as number) + i;
      offset += index * (strides[j] as number);
    }
    if (run === 1) dst[out] = src[offset] as number;
    else dst.set(src.subarray(offset, offset + run), out);
    out += run;
    for (let j = loopAxes - 1; j >= 0; j--) {
      counter[j] = (counter[j] as number) + 1;
      if ((counter[j] as number) < (size[j] as number)) break;
      counter[j] = 0;
    }
  }
}

/** One output per box, each copied from a heap view of `x` (views taken after every allocation). */
function sliceBoxes(heap: WasmHeap, x: tf.TensorInfo, boxes: ReadonlyArray<{ begin: number[]; size: number[] }>): tf.TensorInfo[] {
  const outs = boxes.map((b) => heap.alloc(b.size, x.dtype));
  const src = heap.array(x);
  boxes.forEach((b, i) => {
    if (b.size.every((s) => s > 0)) copyBox(src, x.shape, b.begin, b.size, heap.array(outs[i] as tf.TensorInfo));
  });
  return outs;
}

/** The heap of the backend a kernel was called with. */
function heapOf(args: KernelArgs): WasmHeap {
  return new WasmHeap(args.backend as WasmHeapBackend);
}

function sliceKernel(stock: tf.KernelFunc): tf.KernelFunc {
  return ((args: KernelArgs) => {
    const x = args.inputs.x as tf.TensorInfo;
    if (x.dtype === 'string') return stock(args as Parameters<tf.KernelFunc>[0]);
    const { begin, size } = args.attrs as unknown as { begin: number | number[]; size?: number | number[] };
    const [b, s] = tf.slice_util.parseSliceParams(x as tf.Tensor, begin, size) as [number[], number[]];
    return sliceBoxes(heapOf(args), x, [{ begin: b, size: s }])[0] as tf.TensorInfo;
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
    return sliceBoxes(heapOf(args), x, boxes);
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
    return sliceBoxes(heapOf(args), value, boxes).map(({ dataId, dtype }) => ({ dataId, dtype, shape: outShape }));
  }) as tf.KernelFunc;
}

function reverseKernel(stock: tf.KernelFunc): tf.KernelFunc {
  return ((args: KernelArgs) => {
    const x = args.inputs.x as tf.TensorInfo;
    if (x.dtype === 'string' || x.shape.length === 0) return stock(args as Parameters<tf.KernelFunc>[0]);
    const { dims } = args.attrs as unknown as { dims: number | number[] };
    const axes = new Set(tf.util.parseAxisParam(dims, x.shape).filter((a) => (x.shape[a] as number) > 1));
    const heap = heapOf(args);
    const out = heap.alloc([...x.shape], x.dtype);
    if (x.shape.every((d) => d > 0))
      copyBox(
        heap.array(x),
        x.shape,
        x.shape.map(() => 0),
        x.shape,
        heap.array(out),
        axes,
      );
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
