import * as tf from '@tensorflow/tfjs';
import { setupBackend, wasmThreadCount } from './index.js';

// Its own test file: the wasm backend starts once per tfjs instance, and jest gives each file its own.
describe('multi-threaded wasm that cannot start', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('warns and falls back to the single-threaded build, which works', async () => {
    // The threaded start records the worker scripts tfjs hands to `Blob`: without a Blob class it cannot start
    // (the single-threaded build does not need one).
    const blob = globalThis.Blob;
    (globalThis as { Blob?: unknown }).Blob = undefined;
    const warnings: string[] = [];
    try {
      expect(await setupBackend({ backend: 'wasm', threads: 2, warn: (m) => warnings.push(m) })).toBe('wasm');
    } finally {
      globalThis.Blob = blob;
    }
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/multi-threaded wasm backend could not start \(.+\); using one thread/);
    expect(wasmThreadCount()).toBe(1);
    const c = tf.tidy(() =>
      Array.from(
        tf
          .matMul(
            tf.tensor2d([
              [1, 2],
              [3, 4],
            ]),
            tf.tensor2d([
              [5, 6],
              [7, 8],
            ]),
          )
          .dataSync(),
      ),
    );
    expect(c).toEqual([19, 22, 43, 50]);
  });
});
