import * as tf from '@tensorflow/tfjs';

/**
 * The most threads tfjs-backend-wasm's threaded build can use: its Emscripten pthread pool has 8
 * workers, and its C++ side caps XNNPACK's thread pool there.
 */
export const MAX_WASM_THREADS = 8;

/** The Emscripten module behind an active wasm backend, as far as it is read here. */
export interface EmscriptenModule {
  tfjs?: { getThreadsCount?: () => number };
  PThread?: { unusedWorkers?: { unref?: () => void }[]; runningWorkers?: { unref?: () => void }[] };
}

/**
 * The number of threads XNNPACK (matrix products, convolutions, some element-wise ops) uses on the
 * active wasm backend: 1 for the single-threaded build, and 0 when wasm is not the active backend.
 *
 * @example
 * ```ts
 * import { setupBackend, wasmThreadCount } from '@rnn/core/node';
 * await setupBackend({ backend: 'wasm', threads: 2 });
 * wasmThreadCount(); // 2 on a machine with at least 2 CPUs
 * ```
 */
export function wasmThreadCount(): number {
  if (tf.getBackend() !== 'wasm') return 0;
  const wasm = (tf.backend() as unknown as { wasm?: EmscriptenModule }).wasm;
  return wasm?.tfjs?.getThreadsCount?.() ?? 1;
}
