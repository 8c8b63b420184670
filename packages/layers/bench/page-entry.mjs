// The page side of the in-browser benchmark (browser.mjs bundles this with esbuild): the same cases as the Node
// run, driven step by step from Node through `window.layersBench` so that Node does the timing (wall-clock, and the
// renderer's CPU time through the DevTools protocol).

import { setupBackend, wasmThreadCount } from '@rnn/core';
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { CASES, kernelSwitch, prepareCase } from './cases.mjs';

const switcher = kernelSwitch();
let current = null;

window.layersBench = {
  /** Start wasm (the .wasm files sit next to the page) with `threads` XNNPACK threads. */
  async setup(threads) {
    await setupBackend({ backend: 'wasm', threads, wasmPaths: new URL('./', location.href).href, fallback: false });
    switcher.captureWrapped();
    return {
      backend: tf.getBackend(),
      threads: wasmThreadCount(),
      tfjsThreads: getThreadsCount(),
      multithreadSupport: await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'),
      isolated: crossOriginIsolated,
      simd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT'),
      userAgent: navigator.userAgent,
    };
  },
  prepare(name, impls) {
    current?.dispose();
    current = prepareCase(
      CASES.find((c) => c.name === name),
      impls,
      switcher,
    );
    return tf.memory().numTensors;
  },
  async step(impl, kind) {
    await current[kind](impl);
  },
  done() {
    current?.dispose();
    current = null;
    return tf.memory().numTensors;
  },
};
window.layersBenchReady = true;
