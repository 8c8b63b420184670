// The whole-sequence wasm kernels (src/ops/wasm/) against the plain-tf path of the same ops:
// forward-only (no tape) and inside a gradient (the forward kernel's saved per-step tensors feed the BPTT kernel),
// with masks, goBackwards, both GRU variants and unit counts that leave a scalar tail in the SIMD loops.
import { jest } from '@jest/globals';
import { setupBackend } from '@rnn/core/node';
import * as tf from '@tensorflow/tfjs';
import { gruSequence, gruStep, lstmSequence, lstmStep } from '../src/index.js';
import { tapeIsOn } from '../src/ops/tape.js';
import { useWasmSequenceKernels } from '../src/ops/wasm/register.js';
import { STEP_KERNEL_MIN_SIZE, setWasmSequenceKernels } from '../src/ops/wasm/switch.js';

type Cell = 'gru' | 'gru-reset-before' | 'lstm';
interface Case {
  cell: Cell;
  units: number;
  mask: boolean;
  goBackwards: boolean;
  bias: boolean;
}

const B = 3;
const T = 5;
const I = 4;
// Row 1 starts masked (its outputs are zeros until its first real step), row 2 has a hole.
const MASK = [
  [1, 1, 1, 1, 1],
  [0, 1, 1, 1, 0],
  [1, 1, 0, 0, 1],
];

const CASES: Case[] = [];
for (const cell of ['gru', 'gru-reset-before', 'lstm'] as const) {
  CASES.push({ cell, units: 6, mask: false, goBackwards: false, bias: true });
  CASES.push({ cell, units: 5, mask: true, goBackwards: false, bias: true });
  CASES.push({ cell, units: 8, mask: true, goBackwards: true, bias: true });
  CASES.push({ cell, units: 7, mask: false, goBackwards: true, bias: false });
}

/** Every input of one case, made on the current backend from fixed seeds. */
function inputs(c: Case): tf.Tensor[] {
  const gates = c.cell === 'lstm' ? 4 : 3;
  const u = c.units;
  const biasShape = c.cell === 'gru' ? [2, 3 * u] : [gates * u];
  return [
    tf.randomNormal([B, T, I], 0, 1, 'float32', 1),
    tf.randomNormal([B, u], 0, 0.5, 'float32', 2),
    tf.randomNormal([B, u], 0, 0.5, 'float32', 3),
    tf.randomNormal([I, gates * u], 0, 0.5, 'float32', 4),
    tf.randomNormal([u, gates * u], 0, 0.5, 'float32', 5),
    tf.randomNormal(biasShape, 0, 0.5, 'float32', 6),
    tf.randomNormal([B, T, u], 0, 1, 'float32', 7),
  ];
}

/** The op's outputs and final states, for inputs [x, h0, c0, W, U, b]. */
function run(c: Case, ts: tf.Tensor[]): tf.Tensor[] {
  const [x, h0, c0, W, U, b] = ts as [tf.Tensor3D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor];
  const o = { mask: c.mask ? tf.tensor2d(MASK) : undefined, goBackwards: c.goBackwards };
  if (c.cell === 'lstm') {
    const r = lstmSequence(x, [h0, c0], { kernel: W, recurrentKernel: U, bias: c.bias ? (b as tf.Tensor1D) : undefined }, o);
    return [r.outputs, ...r.finalState];
  }
  const r = gruSequence(x, h0, { kernel: W, recurrentKernel: U, bias: c.bias ? b : undefined }, { ...o, resetAfter: c.cell === 'gru' });
  return [r.outputs, r.finalState];
}

/** A scalar loss that weighs every output and state, so that every gradient path is exercised. */
function loss(c: Case, ts: tf.Tensor[]): tf.Scalar {
  const outs = run(c, ts);
  const dOut = ts[6] as tf.Tensor;
  let l = tf.sum(tf.mul(outs[0] as tf.Tensor, dOut));
  outs.slice(1).forEach((s, i) => {
    l = tf.add(l, tf.mul(tf.sum(s), i + 2));
  });
  return l as tf.Scalar;
}

/** Forward values and the gradients w.r.t. x, h0, c0 (LSTM), W, U and b (with bias), read out as arrays. */
function evaluate(c: Case): { forward: Float32Array[]; grads: Float32Array[] } {
  return tf.tidy(() => {
    const ts = inputs(c);
    const forward = run(c, ts).map((t) => t.dataSync() as Float32Array);
    const wrt = [0, 1, ...(c.cell === 'lstm' ? [2] : []), 3, 4, ...(c.bias ? [5] : [])];
    const f = (...args: tf.Tensor[]) => {
      const all = [...ts];
      wrt.forEach((k, i) => {
        all[k] = args[i] as tf.Tensor;
      });
      return loss(c, all);
    };
    const grads = tf
      .grads(f)(wrt.map((k) => ts[k] as tf.Tensor))
      .map((g) => g.dataSync() as Float32Array);
    return { forward, grads };
  });
}

function maxAbsDiff(a: Float32Array[], b: Float32Array[]): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  a.forEach((x, i) => {
    const y = b[i] as Float32Array;
    expect(x.length).toBe(y.length);
    for (let j = 0; j < x.length; j++) m = Math.max(m, Math.abs((x[j] as number) - (y[j] as number)));
  });
  return m;
}

describe('wasm sequence kernels', () => {
  afterEach(() => setWasmSequenceKernels(true));

  it('run only on the wasm backend', async () => {
    await setupBackend({ backend: 'cpu' });
    expect(useWasmSequenceKernels()).toBe(false);
    await setupBackend({ backend: 'wasm' });
    expect(useWasmSequenceKernels()).toBe(true);
    setWasmSequenceKernels(false);
    expect(useWasmSequenceKernels()).toBe(false);
  });

  it('see whether a gradient tape records', async () => {
    await setupBackend({ backend: 'wasm' });
    expect(tapeIsOn()).toBe(false);
    let inside: boolean | null = null;
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      tf.grads((x: tf.Tensor) => {
        inside = tapeIsOn();
        return tf.sum(tf.square(x)) as tf.Scalar;
      })([tf.ones([2])]);
    });
    expect(inside).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });

  it.each(CASES)('equal the plain-tf path on cpu and on wasm, forward and gradients (%o)', async (c) => {
    await setupBackend({ backend: 'cpu' });
    const cpu = evaluate(c);
    await setupBackend({ backend: 'wasm' });
    setWasmSequenceKernels(false);
    const plain = evaluate(c);
    setWasmSequenceKernels(true);
    const before = tf.memory().numTensors;
    const gradSpy = jest.spyOn(tf.engine(), 'runKernel');
    const kernel = evaluate(c);
    const gradRan = gradSpy.mock.calls.map((call) => call[0]);
    gradSpy.mockRestore();
    // BPTT runs in one kernel call too.
    expect(gradRan).toContain(c.cell === 'lstm' ? 'RnnTsLstmSequenceGrad' : 'RnnTsGruSequenceGrad');
    // Forward-only (no tape): the kernel without the saved per-step tensors.
    const spy = jest.spyOn(tf.engine(), 'runKernel');
    const forwardOnly = tf.tidy(() => run(c, inputs(c)).map((t) => t.dataSync() as Float32Array));
    const ran = spy.mock.calls.map((call) => call[0]);
    spy.mockRestore();
    expect(ran).toContain(c.cell === 'lstm' ? 'RnnTsLstmSequence' : 'RnnTsGruSequence');
    expect(tf.memory().numTensors).toBe(before);

    expect(maxAbsDiff(kernel.forward, plain.forward)).toBeLessThan(1e-5);
    expect(maxAbsDiff(forwardOnly, plain.forward)).toBeLessThan(1e-5);
    expect(maxAbsDiff(kernel.forward, cpu.forward)).toBeLessThan(1e-5);
    expect(maxAbsDiff(kernel.grads, plain.grads)).toBeLessThan(5e-5);
    expect(maxAbsDiff(kernel.grads, cpu.grads)).toBeLessThan(5e-5);
  });

  it('write zeros before a row’s first real step and carry states through masked steps', async () => {
    await setupBackend({ backend: 'wasm' });
    const c: Case = { cell: 'lstm', units: 6, mask: true, goBackwards: false, bias: true };
    const out = tf.tidy(() => (run(c, inputs(c))[0] as tf.Tensor).arraySync() as number[][][]);
    // Row 1, step 0: masked and before any real step (±0, as seen · h in the plain path).
    expect(out[1]?.[0]?.map(Math.abs)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(out[2]?.[2]).toEqual(out[2]?.[1]); // row 2, steps 2-3 masked: output repeats step 1
    expect(out[2]?.[3]).toEqual(out[2]?.[1]);
    expect(out[0]?.[1]).not.toEqual(out[0]?.[0]);
  });

  it.each(['gru', 'lstm'] as const)('keep the initial state of a fully masked row and output zeros for it (%s)', async (cell) => {
    await setupBackend({ backend: 'wasm' });
    const u = 5;
    const before = tf.memory().numTensors;
    const read = () =>
      tf.tidy(() => {
        const x = tf.randomNormal([2, 4, 3], 0, 1, 'float32', 31) as tf.Tensor3D;
        const h0 = tf.randomNormal([2, u], 0, 0.5, 'float32', 32) as tf.Tensor2D;
        const mask = tf.tensor2d([
          [1, 0, 1, 1],
          [0, 0, 0, 0],
        ]);
        const gates = cell === 'lstm' ? 4 : 3;
        const w = {
          kernel: tf.randomNormal([3, gates * u], 0, 0.5, 'float32', 33) as tf.Tensor2D,
          recurrentKernel: tf.randomNormal([u, gates * u], 0, 0.5, 'float32', 34) as tf.Tensor2D,
        };
        const r = cell === 'lstm' ? lstmSequence(x, [h0, h0], w, { mask }) : gruSequence(x, h0, w, { mask });
        const last = Array.isArray(r.finalState) ? r.finalState[0] : r.finalState;
        return { outputs: r.outputs.arraySync() as number[][][], last: last.arraySync() as number[][], h0: h0.arraySync() as number[][] };
      });
    const k = read();
    setWasmSequenceKernels(false);
    const plain = read();
    expect(k.outputs[1]?.flat().every((v) => v === 0)).toBe(true);
    expect(k.last[1]).toEqual(k.h0[1]);
    expect(maxAbsDiff([Float32Array.from(k.outputs.flat(2))], [Float32Array.from(plain.outputs.flat(2))])).toBeLessThan(1e-5);
    expect(tf.memory().numTensors).toBe(before);
  });

  it.each([true, false])('run gruStep/lstmStep (decoding) equal to the plain path, and keep them differentiable (resetAfter %s)', async (resetAfter) => {
    await setupBackend({ backend: 'wasm' });
    const u = 131; // batch 16 × 131 units ≥ STEP_KERNEL_MIN_SIZE, with a SIMD tail
    expect(16 * u).toBeGreaterThanOrEqual(STEP_KERNEL_MIN_SIZE);
    const before = tf.memory().numTensors;
    const read = (f: () => tf.Tensor[]) => tf.tidy(() => f().map((t) => t.dataSync() as Float32Array));
    const make = () => {
      const x = tf.randomNormal([16, I], 0, 1, 'float32', 11) as tf.Tensor2D;
      const h = tf.randomNormal([16, u], 0, 0.5, 'float32', 12) as tf.Tensor2D;
      const c = tf.randomNormal([16, u], 0, 0.5, 'float32', 13) as tf.Tensor2D;
      const gw = {
        kernel: tf.randomNormal([I, 3 * u], 0, 0.5, 'float32', 14) as tf.Tensor2D,
        recurrentKernel: tf.randomNormal([u, 3 * u], 0, 0.5, 'float32', 15) as tf.Tensor2D,
        bias: tf.randomNormal(resetAfter ? [2, 3 * u] : [3 * u], 0, 0.5, 'float32', 16),
      };
      const lw = {
        kernel: tf.randomNormal([I, 4 * u], 0, 0.5, 'float32', 14) as tf.Tensor2D,
        recurrentKernel: tf.randomNormal([u, 4 * u], 0, 0.5, 'float32', 15) as tf.Tensor2D,
        bias: tf.randomNormal([4 * u], 0, 0.5, 'float32', 16) as tf.Tensor1D,
      };
      return { x, h, c, gw, lw };
    };
    const steps = () => {
      const { x, h, c, gw, lw } = make();
      return [gruStep(x, h, gw, { resetAfter }), ...lstmStep(x, [h, c], lw)];
    };
    const grads = () => {
      const { x, h, c, gw, lw } = make();
      const f = (xx: tf.Tensor, hh: tf.Tensor) =>
        tf.add(
          tf.sum(gruStep(xx as tf.Tensor2D, hh as tf.Tensor2D, gw, { resetAfter })),
          tf.sum(lstmStep(xx as tf.Tensor2D, [hh as tf.Tensor2D, c], lw)[1]),
        ) as tf.Scalar;
      return tf.grads(f)([x, h]);
    };
    const spy = jest.spyOn(tf.engine(), 'runKernel');
    const kernel = read(steps);
    const ran = spy.mock.calls.map((call) => call[0]);
    spy.mockRestore();
    expect(ran).toContain('RnnTsGruSequence');
    expect(ran).toContain('RnnTsLstmSequence');
    const kernelGrads = read(grads);
    setWasmSequenceKernels(false);
    const plain = read(steps);
    const plainGrads = read(grads);
    expect(maxAbsDiff(kernel, plain)).toBeLessThan(1e-5);
    expect(maxAbsDiff(kernelGrads, plainGrads)).toBe(0); // with a tape both run the plain differentiable ops
    expect(tf.memory().numTensors).toBe(before);
  });
});
