export type { BackendName, SetupBackendArgs, WasmBinaryName } from './backend.js';
export { BACKEND_NAMES, setupBackend, WASM_BINARY_NAMES } from './backend.js';
export { describeValue, FileFormatError, NotImplementedError, ShapeError, ValueError } from './errors.js';
export { Rng } from './rng.js';
export { checkInteger, checkKnownOptions, checkNumberInRange, checkOneOf } from './validate.js';
export { registerWasmKernels } from './wasm-kernels.js';
export { MAX_WASM_THREADS, wasmThreadCount } from './wasm-thread-count.js';
