import * as tf from '@tensorflow/tfjs';
import { setupBackend, wasmThreadCount } from './index.js';

/** A product big enough for XNNPACK to split it over threads, and the same product on the cpu backend. */
function product(): { values: Float32Array; shape: number[] } {
  return tf.tidy(() => {
    const a = tf.tensor2d(
      Array.from({ length: 96 * 80 }, (_, i) => Math.sin(i) / 7),
      [96, 80],
    );
    const b = tf.tensor2d(
      Array.from({ length: 80 * 130 }, (_, i) => Math.cos(i * 0.37)),
      [80, 130],
    );
    const c = tf.matMul(a, b);
    return { values: c.dataSync() as Float32Array, shape: c.shape };
  });
}

describe('multi-threaded wasm', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('rejects a thread count that is not 1–8 or auto, naming the option and the value', async () => {
    await expect(setupBackend({ backend: 'wasm', threads: 0 })).rejects.toThrow(/`threads`.*'auto' or a whole number from 1 to 8.*0/);
    await expect(setupBackend({ backend: 'wasm', threads: 2.5 })).rejects.toThrow(/`threads`.*2\.5/);
    const prev = process.env.RNN_WASM_THREADS;
    process.env.RNN_WASM_THREADS = 'many';
    await expect(setupBackend({ backend: 'wasm' })).rejects.toThrow(/RNN_WASM_THREADS.*"many"/);
    if (prev === undefined) delete process.env.RNN_WASM_THREADS;
    else process.env.RNN_WASM_THREADS = prev;
  });

  it('starts 2 XNNPACK threads under Node, multiplies as the cpu backend does, and keeps tensors and globals clean', async () => {
    const blob = globalThis.Blob;
    const createObjectURL = URL.createObjectURL;
    expect(await setupBackend({ backend: 'wasm', threads: 2 })).toBe('wasm');
    expect(wasmThreadCount()).toBe(2);
    // The start-up's temporary patches are gone.
    expect(globalThis.Blob).toBe(blob);
    expect(URL.createObjectURL).toBe(createObjectURL);
    const before = tf.memory().numTensors;
    const onWasm = product();
    expect(tf.memory().numTensors).toBe(before);
    await setupBackend({ backend: 'cpu' });
    expect(wasmThreadCount()).toBe(0);
    const onCpu = product();
    expect(onWasm.shape).toEqual([96, 130]);
    let worst = 0;
    onCpu.values.forEach((v, i) => {
      worst = Math.max(worst, Math.abs(v - (onWasm.values[i] as number)) / (1 + Math.abs(v)));
    });
    expect(worst).toBeLessThan(1e-5);
    // Back to wasm: the threaded backend set up first is kept.
    await setupBackend({ backend: 'wasm', threads: 1 });
    expect(wasmThreadCount()).toBe(2);
  });
});
