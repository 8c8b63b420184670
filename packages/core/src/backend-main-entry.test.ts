import * as tf from '@tensorflow/tfjs';
// The main entry only: @rnn/core/node is never imported in this file (jest gives each file its own
// module registry), so setupBackend runs as it does in Node code that forgot the node entry.
import { setupBackend } from './index.js';
import { wasmThreadCount } from './wasm-thread-count.js';

describe('setupBackend from the main entry (no @rnn/core/node)', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('rejects threads > 1 in Node with an error naming @rnn/core/node', async () => {
    await expect(setupBackend({ backend: 'wasm', threads: 2 })).rejects.toThrow(/`threads`.*1 in Node.*got 2.*'@rnn\/core\/node'/);
  });

  it('does not read RNN_BACKEND (process.env is read only by @rnn/core/node)', async () => {
    const prev = process.env.RNN_BACKEND;
    process.env.RNN_BACKEND = 'not-a-backend';
    try {
      const warnings: string[] = [];
      expect(await setupBackend({ warn: (m) => warnings.push(m) })).toBe('wasm');
      expect(wasmThreadCount()).toBe(1);
      // The default 'auto' threads cannot be honoured without the node entry: one warning, naming it.
      expect(warnings).toEqual([expect.stringMatching(/one thread.*'@rnn\/core\/node'/)]);
      await setupBackend({ backend: 'cpu' });
      await setupBackend({ warn: (m) => warnings.push(m) });
      expect(warnings).toHaveLength(1);
    } finally {
      if (prev === undefined) delete process.env.RNN_BACKEND;
      else process.env.RNN_BACKEND = prev;
    }
  });

  it('names every backend it knows in the error for an unknown one, and rejects unknown options', async () => {
    // @ts-expect-error an invalid name on purpose
    await expect(setupBackend({ backend: 'gpu' })).rejects.toThrow(/`backend`.*wasm, webgl, webgpu, cpu, tensorflow.*"gpu"/);
    // @ts-expect-error an unknown option on purpose
    await expect(setupBackend({ backend: 'cpu', thread: 2 })).rejects.toThrow(/`thread` in setupBackend options/);
  });

  it('checks wasmPaths: a URL prefix, or a URL for each of the three binaries', async () => {
    await expect(setupBackend({ backend: 'cpu', wasmPaths: '' })).rejects.toThrow(/`wasmPaths` to be a URL prefix.*""/);
    // @ts-expect-error a partial map on purpose
    await expect(setupBackend({ backend: 'cpu', wasmPaths: { 'tfjs-backend-wasm-simd.wasm': '/a.wasm' } })).rejects.toThrow(
      /`wasmPaths` to map each of .* but tfjs-backend-wasm\.wasm, tfjs-backend-wasm-threaded-simd\.wasm are missing/,
    );
    const full = { 'tfjs-backend-wasm.wasm': '/a', 'tfjs-backend-wasm-simd.wasm': '/b', 'tfjs-backend-wasm-threaded-simd.wasm': '/c' };
    expect(await setupBackend({ backend: 'cpu', wasmPaths: full })).toBe('cpu');
    expect(await setupBackend({ backend: 'cpu', wasmPaths: '/wasm/' })).toBe('cpu');
  });

  it('explains a webgpu backend that is not registered, and falls back to cpu only when allowed', async () => {
    await expect(setupBackend({ backend: 'webgpu' })).rejects.toThrow(/'webgpu'.*@tensorflow\/tfjs-backend-webgpu/);
    const warnings: string[] = [];
    expect(await setupBackend({ backend: 'webgpu', fallback: true, warn: (m) => warnings.push(m) })).toBe('cpu');
    expect(warnings[0]).toMatch(/'webgpu' backend could not start.*falling back to 'cpu'/);
  });
});
