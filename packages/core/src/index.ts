export type { WriteDirAtomicArgs, WriteDirStep } from './atomic-file.js';
export { FolderInUseError, readJsonFile, recoverDirAtomic, writeDirAtomic, writeFileAtomic, writeJsonAtomic } from './atomic-file.js';
export type { BackendName, SetupBackendArgs } from './backend.js';
export { BACKEND_NAMES, setupBackend } from './backend.js';
export { describeValue, FileFormatError, NotImplementedError, ShapeError, ValueError } from './errors.js';
export { Rng } from './rng.js';
export { checkInteger, checkKnownOptions, checkNumberInRange, checkOneOf } from './validate.js';
export { registerWasmKernels } from './wasm-kernels.js';
export { wasmThreadCount } from './wasm-threads.js';
