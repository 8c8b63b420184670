// Registration of the whole-sequence kernels with the tfjs engine, on first use.

import * as tf from '@tensorflow/tfjs';
import { gruBackwardKernel, lstmBackwardKernel } from './backward-kernels.js';
import { gruForwardKernel, lstmForwardKernel } from './forward-kernels.js';
import { SEQUENCE_GATES } from './gate-module.js';
import { wasmSequenceKernelsEnabled } from './switch.js';

/** The names the kernels are registered under (backend `wasm`). */
export const SEQUENCE_KERNELS = {
  gru: 'RnnTsGruSequence',
  lstm: 'RnnTsLstmSequence',
  gruGrad: 'RnnTsGruSequenceGrad',
  lstmGrad: 'RnnTsLstmSequenceGrad',
} as const;

/**
 * Whether the whole-sequence kernels can run: the switch is on, the wasm backend is active and has the kernels they
 * call, and the gate modules load on its heap. Registers them on first use.
 *
 * @example
 * ```ts
 * const kernels = useWasmSequenceKernels(); // true on wasm once the gate modules loaded
 * ```
 */
export function useWasmSequenceKernels(): boolean {
  if (!wasmSequenceKernelsEnabled() || tf.getBackend() !== 'wasm') return false;
  if (!tf.getKernel('BatchMatMul', 'wasm') || !tf.getKernel('Sigmoid', 'wasm')) return false;
  if (!SEQUENCE_GATES.exportsFor(tf.backend())) return false;
  if (!tf.getKernel(SEQUENCE_KERNELS.gru, 'wasm')) {
    tf.registerKernel({ kernelName: SEQUENCE_KERNELS.gru, backendName: 'wasm', kernelFunc: gruForwardKernel as unknown as tf.KernelFunc });
    tf.registerKernel({ kernelName: SEQUENCE_KERNELS.lstm, backendName: 'wasm', kernelFunc: lstmForwardKernel as unknown as tf.KernelFunc });
    tf.registerKernel({ kernelName: SEQUENCE_KERNELS.gruGrad, backendName: 'wasm', kernelFunc: gruBackwardKernel as unknown as tf.KernelFunc });
    tf.registerKernel({ kernelName: SEQUENCE_KERNELS.lstmGrad, backendName: 'wasm', kernelFunc: lstmBackwardKernel as unknown as tf.KernelFunc });
  }
  return true;
}
