import type * as tf from '@tensorflow/tfjs';

/**
 * What a kernel function receives from the tfjs engine: its named input tensors, the backend (the concrete
 * backend class, e.g. tfjs-backend-wasm's `BackendWasm`) and its attributes.
 *
 * @example
 * ```ts
 * function negate(args: KernelArgs): tf.TensorInfo {
 *   const heap = new WasmHeap(args.backend as WasmHeapBackend);
 *   const x = args.inputs.x as tf.TensorInfo;
 *   const out = heap.alloc([...x.shape]);
 *   heap.view(out).set(heap.view(x).map((v) => -v));
 *   return out;
 * }
 * tf.registerKernel({ kernelName: 'MyNeg', backendName: 'wasm', kernelFunc: negate as tf.KernelFunc });
 * ```
 */
export type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap };
