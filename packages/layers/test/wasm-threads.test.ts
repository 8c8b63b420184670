// The whole-sequence wasm kernels on tfjs-backend-wasm's multi-threaded build (@rnn/core `threads`), whose heap is a
// shared memory: the gate module must link to it (withSharedMemoryImport), and results must match the cpu backend.
import { jest } from '@jest/globals';
import { withSharedMemoryImport } from '@rnn/core';
import { setupBackend, wasmThreadCount } from '@rnn/core/node';
import * as tf from '@tensorflow/tfjs';
import { gruSequence, lstmSequence } from '../src/index.js';
import { GATE_WASM_BASE64 } from '../src/ops/gate-wasm-module.js';
import { useWasmSequenceKernels } from '../src/ops/wasm/register.js';

/** The part of the global `WebAssembly` namespace used here (the package's TS lib settings do not declare it). */
const WA = (
  globalThis as unknown as {
    WebAssembly: {
      Memory: new (d: { initial: number; maximum?: number; shared?: boolean }) => object;
      Module: new (bytes: Uint8Array) => object;
      Instance: new (module: object, imports: object) => object;
    };
  }
).WebAssembly;

/** GRU then LSTM over the same input: outputs and the gradients of a weighted sum w.r.t. x and all weights. */
function evaluate(): Float32Array[] {
  return tf.tidy(() => {
    const x = tf.randomNormal([4, 6, 5], 0, 1, 'float32', 1) as tf.Tensor3D;
    const ws = [
      tf.randomNormal([5, 21], 0, 0.5, 'float32', 2),
      tf.randomNormal([7, 21], 0, 0.5, 'float32', 3),
      tf.randomNormal([2, 21], 0, 0.5, 'float32', 4),
      tf.randomNormal([7, 36], 0, 0.5, 'float32', 5),
      tf.randomNormal([9, 36], 0, 0.5, 'float32', 6),
      tf.randomNormal([36], 0, 0.5, 'float32', 7),
    ];
    const weight = tf.randomNormal([4, 6, 9], 0, 1, 'float32', 8);
    const f = (xs: tf.Tensor, k1: tf.Tensor, u1: tf.Tensor, b1: tf.Tensor, k2: tf.Tensor, u2: tf.Tensor, b2: tf.Tensor) => {
      const h0 = tf.zeros([4, 7]) as tf.Tensor2D;
      const g = gruSequence(xs as tf.Tensor3D, h0, { kernel: k1 as tf.Tensor2D, recurrentKernel: u1 as tf.Tensor2D, bias: b1 });
      const z = tf.zeros([4, 9]) as tf.Tensor2D;
      const l = lstmSequence(g.outputs, [z, z], { kernel: k2 as tf.Tensor2D, recurrentKernel: u2 as tf.Tensor2D, bias: b2 as tf.Tensor1D });
      return tf.sum(tf.mul(l.outputs, weight)) as tf.Scalar;
    };
    const forward = f(x, ...(ws as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor]));
    const grads = tf.grads(f as (...a: tf.Tensor[]) => tf.Scalar)([x, ...ws]);
    return [forward, ...grads].map((t) => t.dataSync() as Float32Array);
  });
}

describe('wasm sequence kernels on the multi-threaded wasm backend', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it("declares the gate module's memory import shared, and only that", () => {
    const plain = Uint8Array.from(atob(GATE_WASM_BASE64), (c) => c.charCodeAt(0));
    const shared = withSharedMemoryImport(plain);
    expect(shared.length).toBe(plain.length + 3); // flags 0 → 3, plus a 3-byte maximum (65536 pages)
    const sharedMemory = new WA.Memory({ initial: 1, maximum: 16, shared: true });
    const plainMemory = new WA.Memory({ initial: 1 });
    expect(() => new WA.Instance(new WA.Module(shared), { env: { memory: sharedMemory } })).not.toThrow();
    expect(() => new WA.Instance(new WA.Module(plain), { env: { memory: sharedMemory } })).toThrow();
    expect(() => new WA.Instance(new WA.Module(shared), { env: { memory: plainMemory } })).toThrow();
    expect(withSharedMemoryImport(shared)).toBe(shared); // already shared: unchanged
  });

  it("run there, with the cpu backend's forward values and gradients", async () => {
    await setupBackend({ backend: 'cpu' });
    const cpu = evaluate();
    await setupBackend({ backend: 'wasm', threads: 2 });
    expect(wasmThreadCount()).toBe(2);
    expect(useWasmSequenceKernels()).toBe(true);
    const spy = jest.spyOn(tf.engine(), 'runKernel');
    const before = tf.memory().numTensors;
    const wasm = evaluate();
    const kernels = new Set(spy.mock.calls.map((c) => c[0]));
    spy.mockRestore();
    expect(tf.memory().numTensors).toBe(before);
    expect([...kernels].filter((k) => k.startsWith('RnnTs')).sort()).toEqual([
      'RnnTsGruSequence',
      'RnnTsGruSequenceGrad',
      'RnnTsLstmSequence',
      'RnnTsLstmSequenceGrad',
    ]);
    expect(wasm.length).toBe(8);
    wasm.forEach((w, i) => {
      const c = cpu[i] as Float32Array;
      expect(w.length).toBe(c.length);
      let worst = 0;
      c.forEach((v, j) => {
        worst = Math.max(worst, Math.abs(v - (w[j] as number)) / (1 + Math.abs(v)));
      });
      expect(worst).toBeLessThan(1e-4);
    });
  });
});
