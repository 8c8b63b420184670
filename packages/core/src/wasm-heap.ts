import type * as tf from '@tensorflow/tfjs';

/**
 * The part of tfjs-backend-wasm's `BackendWasm` that heap access uses (public methods of that class). Kernels
 * receive the backend as `unknown` ({@link KernelArgs}); cast it to this.
 *
 * @example
 * ```ts
 * const heap = new WasmHeap(tf.backend() as unknown as WasmHeapBackend);
 * ```
 */
export interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): tf.TypedArray;
  disposeData(dataId: object, force?: boolean): boolean;
}

/**
 * Tensors on tfjs-backend-wasm's heap, seen from a kernel: allocation, typed-array views and byte offsets.
 *
 * Every allocation (`alloc`, `vector`, and any kernel called in between) may grow the heap and so detach the views
 * taken before it: take views again after each allocation, or keep byte offsets ({@link ptr}), which stay valid.
 *
 * @example
 * ```ts
 * const heap = new WasmHeap(args.backend as WasmHeapBackend);
 * const out = heap.alloc([2, 3]);             // float32 [2, 3] on the heap
 * heap.view(out).fill(1);
 * const offset = heap.ptr(out);              // byte offset, for a hand-written wasm module
 * ```
 */
export class WasmHeap {
  constructor(readonly backend: WasmHeapBackend) {}

  /** A new heap tensor of `shape` (contents unspecified). */
  alloc(shape: number[], dtype: tf.DataType = 'float32'): tf.TensorInfo {
    return this.backend.makeOutput(shape, dtype);
  }

  /** A view of `t`'s elements as its own dtype's typed array. */
  array(t: tf.TensorInfo): tf.TypedArray {
    return this.backend.typedArrayFromHeap(t);
  }

  /** A view of the float32 tensor `t`. */
  view(t: tf.TensorInfo): Float32Array {
    return this.backend.typedArrayFromHeap(t) as Float32Array;
  }

  /** Byte offset of `t` in the heap (stable: growing the heap keeps offsets). */
  ptr(t: tf.TensorInfo): number {
    return this.array(t).byteOffset;
  }

  /** A float32 heap vector holding `values`. */
  vector(values: ArrayLike<number>): tf.TensorInfo {
    const t = this.alloc([values.length]);
    this.view(t).set(values);
    return t;
  }

  /** Free `t` (an allocation of this kernel that is not returned). */
  free(t: tf.TensorInfo): void {
    this.backend.disposeData(t.dataId, true);
  }
}
