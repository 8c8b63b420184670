// The page side of the in-browser benchmark (browser.mjs bundles this with esbuild): the same case as the Node
// run, driven step by step from Node through `window.seq2seqBench` so that Node does the timing (wall-clock, and
// the renderer's CPU time through the DevTools protocol).
import { setupBackend, wasmThreadCount } from '@rnn/core';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { kernelSwitch, prepareSeq2Seq } from './cases.mjs';

const switcher = kernelSwitch();
let current = null;

window.seq2seqBench = {
  /** Start wasm (the .wasm files sit next to the page) with `threads` XNNPACK threads, and build the models. */
  async setup(threads) {
    await setupBackend({ backend: 'wasm', threads, wasmPaths: new URL('./', location.href).href, fallback: false });
    switcher.captureWrapped();
    current = prepareSeq2Seq(switcher);
    return {
      backend: tf.getBackend(),
      threads: wasmThreadCount(),
      isolated: crossOriginIsolated,
      simd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT'),
      userAgent: navigator.userAgent,
    };
  },
  async step(name) {
    await current.steps[name]();
  },
  done() {
    current.dispose();
    return tf.memory().numTensors;
  },
};
window.seq2seqBenchReady = true;
