import { createRequire } from 'node:module';
import os from 'node:os';
import type { NodeBackendPlatform } from '../backend-platform.js';
import { startThreadedWasm } from './wasm-threads.js';

/** The Node implementation of {@link NodeBackendPlatform}: `process.env`, `os`, `require.resolve`, the threads bridge. */
export const NODE_BACKEND_PLATFORM: NodeBackendPlatform = {
  env(name) {
    const value = process.env[name];
    return value === undefined || value === '' ? undefined : value;
  },
  cpuCount() {
    return os.availableParallelism();
  },
  tfjsNodeInstalled() {
    try {
      createRequire(`${process.cwd()}/`).resolve('@tensorflow/tfjs-node');
      return true;
    } catch {
      return false;
    }
  },
  startThreadedWasm,
};
