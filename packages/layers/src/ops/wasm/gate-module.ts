import { WasmHeapModule } from '@rnn/core';
import { GATE_GRAD_WASM_BASE64, GATE_WASM_BASE64 } from '../gate-wasm-module.js';

/**
 * The exports of the generated gate modules (see scripts/gen-gate-wasm.mjs), forward and backward: element-wise
 * loops over rows of heap tensors, pointers and strides in bytes.
 */
export interface GateExports {
  add3s(...args: number[]): void;
  gruCand(...args: number[]): void;
  mul2(...args: number[]): void;
  gruOut(...args: number[]): void;
  lstmC(...args: number[]): void;
  lstmH(...args: number[]): void;
  lstmBack(...args: number[]): void;
  gruBack(...args: number[]): void;
  gruBackA(...args: number[]): void;
  gruBackB(...args: number[]): void;
}

/**
 * The gate modules of the sequence kernels, instantiated on the wasm backend's heap (`exportsFor(backend)` is null
 * when that is impossible, e.g. without WebAssembly SIMD: the tf-op path runs instead).
 */
export const SEQUENCE_GATES = new WasmHeapModule<GateExports>([GATE_WASM_BASE64, GATE_GRAD_WASM_BASE64]);
