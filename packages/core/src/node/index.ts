// @rnn/core/node: everything in @rnn/core, plus the Node-only half (files, atomic writes, the
// wasm-threads bridge, environment variables). Importing it installs the Node platform that
// `setupBackend` uses for `RNN_BACKEND`, `RNN_WASM_THREADS`, tfjs-node detection and threaded wasm
// (so this module is listed in `sideEffects`).
import { installNodeBackendPlatform } from '../backend-platform.js';
import { NODE_BACKEND_PLATFORM } from './node-backend-platform.js';

installNodeBackendPlatform(NODE_BACKEND_PLATFORM);

export * from '../index.js';
export { readJsonFile, writeDirAtomic, writeFileAtomic, writeJsonAtomic } from './atomic-file.js';
