import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/**
 * `UnsortedSegmentSum` for the wasm backend, which ships without it. tfjs needs it for the gradient of
 * `gather`, i.e. for training any Embedding. It is a scatter-add: `out[segmentIds[i], ...] += x[i, ...]`,
 * ids outside `[0, numSegments)` are dropped (as in TensorFlow). Runs in JS over the wasm heap: it is
 * O(size of x), negligible next to the matmuls around it.
 */
function unsortedSegmentSumWasm(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}): tf.TensorInfo {
  const backend = args.backend as BackendWasm;
  const x = args.inputs.x as tf.TensorInfo;
  const ids = args.inputs.segmentIds as tf.TensorInfo;
  const numSegments = (args.attrs as { numSegments: number }).numSegments;
  const xv = backend.readSync(x.dataId) as Float32Array | Int32Array;
  const idv = backend.readSync(ids.dataId) as Int32Array | Float32Array;
  const n = ids.shape.reduce((a, b) => a * b, 1);
  const inner = n === 0 ? 0 : xv.length / n;
  const outShape = [numSegments, ...x.shape.slice(ids.shape.length)];
  const out = backend.makeOutput(outShape, x.dtype);
  const ov = backend.typedArrayFromHeap(out);
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

/**
 * Register, once, the kernels the wasm backend lacks for training (today: `UnsortedSegmentSum`,
 * needed by the gradient of `gather`, so that Embeddings train on wasm). Idempotent; a kernel that a
 * later tfjs version ships itself is left alone. Called by {@link setupBackend}; call it yourself only
 * if you set the wasm backend up without `setupBackend`.
 *
 * @returns the names of the kernels this call registered (empty when all were already there).
 * @example
 * ```ts
 * import '@tensorflow/tfjs-backend-wasm';
 * await tf.setBackend('wasm');
 * registerWasmKernels(); // ['UnsortedSegmentSum'] the first time, [] after
 * ```
 */
export function registerWasmKernels(): string[] {
  const added: string[] = [];
  if (!tf.getKernel('UnsortedSegmentSum', 'wasm')) {
    tf.registerKernel({ kernelName: 'UnsortedSegmentSum', backendName: 'wasm', kernelFunc: unsortedSegmentSumWasm as tf.KernelFunc });
    added.push('UnsortedSegmentSum');
  }
  return added;
}
