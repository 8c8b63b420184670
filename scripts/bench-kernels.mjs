// The swap between tfjs-backend-wasm's stock kernels and the ones setupBackend() registers, shared by the
// layers and seq2seq benchmark cases (Node and page: no Node built-ins here).
import * as tf from '@tensorflow/tfjs';

// The stock wasm kernels that setupBackend() replaces (matmuls, and the slicing kernels, whose stock versions copy
// the whole input per piece).
export const MATMUL_KERNELS = ['BatchMatMul', '_FusedMatMul', 'Slice', 'SplitV', 'Unpack', 'Reverse'];

/**
 * Capture the stock wasm kernels now (call before setupBackend); `captureWrapped()` after it.
 * `withStockKernels(fn)` runs `fn` with the stock kernels; `around(impl, fn)` does so when impl is 'tfjsStock'.
 */
export function kernelSwitch() {
  const stock = Object.fromEntries(MATMUL_KERNELS.map((k) => [k, tf.getKernel(k, 'wasm')]));
  let wrapped = null;
  const use = (set) => {
    for (const k of MATMUL_KERNELS) {
      tf.unregisterKernel(k, 'wasm');
      tf.registerKernel(set[k]);
    }
  };
  const withStockKernels = async (fn) => {
    use(stock);
    try {
      return await fn();
    } finally {
      use(wrapped);
    }
  };
  return {
    captureWrapped() {
      if (!wrapped) wrapped = Object.fromEntries(MATMUL_KERNELS.map((k) => [k, tf.getKernel(k, 'wasm')]));
    },
    withStockKernels,
    around: (impl, fn) => (impl === 'tfjsStock' ? withStockKernels(fn) : fn()),
  };
}
