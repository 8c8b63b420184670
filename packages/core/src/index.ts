export { setupBackend, BACKEND_NAMES } from './backend.js';
export type { BackendName, SetupBackendArgs } from './backend.js';
export { registerWasmKernels } from './wasm-kernels.js';
export { ValueError, ShapeError, NotImplementedError, FileFormatError, describeValue } from './errors.js';
export { checkInteger, checkNumberInRange, checkOneOf, checkKnownOptions } from './validate.js';
export { Rng } from './rng.js';
export { writeFileAtomic, writeJsonAtomic, readJsonFile, writeDirAtomic } from './atomic-file.js';
