import { jest } from '@jest/globals';
import { setupBackend } from '@rnn/core/node';
import * as tf from '@tensorflow/tfjs';
import { ADAM_UPDATE_KERNEL, adamBetaPower, FusedAdamOptimizer, restoreAdamBetaPowers } from '../src/index.js';

interface Trained {
  weights: number[][];
  state: number[][];
  names: string[];
  iterations: number;
}

/** Five Adam steps on a small least-squares problem: the weights, the saved moments and the iteration count after them. */
async function train(makeOptimizer: () => tf.Optimizer): Promise<Trained> {
  const w = tf.variable(
    tf.tensor2d([
      [0.5, -1],
      [2, 0.25],
      [-0.75, 1.5],
    ]),
    true,
    'w',
  );
  const b = tf.variable(tf.tensor1d([0.1, -0.2]), true, 'b');
  // 7 elements in w+b rows: the SIMD loop's 4 lanes and its scalar tail both run.
  const x = tf.tensor2d([
    [1, 2, 3],
    [-1, 0.5, 2],
    [0, -2, 1],
    [3, 1, -1],
  ]);
  const y = tf.tensor2d([
    [1, 0],
    [0, 1],
    [1, 1],
    [-1, 2],
  ]);
  const opt = makeOptimizer();
  for (let i = 0; i < 5; i++) {
    tf.tidy(() => {
      const { grads } = tf.variableGrads(() => tf.mean(tf.square(tf.sub(tf.add(tf.matMul(x, w), b), y))) as tf.Scalar, [w, b]);
      opt.applyGradients(grads);
    });
  }
  const weights = [Array.from(w.dataSync()), Array.from(b.dataSync())];
  const saved = await (opt as tf.AdamOptimizer).getWeights();
  const result = {
    weights,
    state: saved.slice(1).map((t) => Array.from(t.tensor.dataSync())),
    names: saved.map((t) => t.name),
    iterations: saved[0]?.tensor.dataSync()[0] as number,
  };
  saved[0]?.tensor.dispose(); // getWeights() makes the iteration count's scalar
  opt.dispose();
  tf.dispose([w, b, x, y]);
  return result;
}

function closeTo(a: number[][], b: number[][], tol: number): void {
  expect(a.map((r) => r.length)).toEqual(b.map((r) => r.length));
  let worst = 0;
  a.forEach((row, i) => {
    row.forEach((v, j) => {
      worst = Math.max(worst, Math.abs(v - (b[i]?.[j] as number)));
    });
  });
  expect(worst).toBeLessThan(tol);
}

describe('FusedAdamOptimizer', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('updates weights and moments as tfjs Adam does, with the same saved state and no more tensors left', async () => {
    await setupBackend({ backend: 'cpu' });
    const reference = await train(() => tf.train.adam(0.05));
    await setupBackend({ backend: 'wasm' });
    await train(() => tf.train.adam(0.05)); // warms the wasm kernels up
    // tfjs' Adam itself leaves 2 tensors behind after dispose(); the fused one may leave no more.
    let before = tf.memory().numTensors;
    await train(() => tf.train.adam(0.05));
    const stockLeft = tf.memory().numTensors - before;
    before = tf.memory().numTensors;
    const spy = jest.spyOn(tf.engine(), 'runKernel');
    const fused = await train(() => new FusedAdamOptimizer(0.05));
    const kernels = spy.mock.calls.map((c) => c[0]);
    spy.mockRestore();
    expect(tf.memory().numTensors - before).toBe(stockLeft);
    // One fused kernel per variable and step, and none of Adam's own element-wise kernels (Sqrt is Adam's only).
    expect(kernels.filter((k) => k === ADAM_UPDATE_KERNEL)).toHaveLength(10);
    expect(kernels).not.toContain('Sqrt');
    expect(fused.names).toEqual(reference.names);
    expect(fused.names).toEqual(['iter', 'w/m', 'b/m', 'w/v', 'b/v']);
    expect(fused.iterations).toBe(5);
    closeTo(fused.weights, reference.weights, 2e-6);
    closeTo(fused.state, reference.state, 2e-6);
    // The weights moved by about lr per step (Adam), so equal weights do not mean unchanged ones.
    expect(Math.abs((fused.weights[0]?.[0] as number) - 0.5)).toBeGreaterThan(0.1);
  });

  for (const backend of ['wasm', 'cpu'] as const) {
    it(`continues bit-exactly after getWeights/setWeights into a new optimizer (${backend}, issue 18 item 4)`, async () => {
      await setupBackend({ backend });
      // After 26 steps pow(β, 27) differs from the running product for both β₁ = 0.9 and β₂ = 0.999.
      expect(adamBetaPower(0.9, 26)).not.toBe(Math.fround(Math.fround(0.9) ** 27));
      expect(adamBetaPower(0.999, 26)).not.toBe(Math.fround(Math.fround(0.999) ** 27));
      /** 60 steps in one optimizer, or `k` steps then a fresh optimizer restored from the first's saved weights. */
      const run = async (make: () => tf.AdamOptimizer, k: number | null): Promise<number[]> => {
        const w = tf.variable(
          tf.tensor2d([
            [0.5, -1],
            [2, 0.25],
            [-0.75, 1.5],
          ]),
          true,
          'w',
        );
        const x = tf.tensor2d([
          [1, 2, 3],
          [-1, 0.5, 2],
          [0, -2, 1],
          [3, 1, -1],
        ]);
        const y = tf.tensor2d([
          [1, 0],
          [0, 1],
          [1, 1],
          [-1, 2],
        ]);
        let opt: tf.Optimizer = make();
        const losses: number[] = [];
        for (let i = 0; i < 60; i++) {
          if (i === k) {
            const saved = await opt.getWeights();
            const copies = saved.map((t) => ({ name: t.name, tensor: tf.clone(t.tensor) }));
            saved[0]?.tensor.dispose();
            opt.dispose();
            opt = make();
            await opt.setWeights(copies);
            if (opt.constructor !== FusedAdamOptimizer) restoreAdamBetaPowers(opt as tf.AdamOptimizer); // (tfjs' instanceof accepts any optimizer)
            tf.dispose(copies.map((c) => c.tensor));
          }
          const { value, grads } = tf.variableGrads(() => tf.mean(tf.square(tf.sub(tf.matMul(x, w), y))) as tf.Scalar, [w]);
          losses.push(value.dataSync()[0] as number);
          opt.applyGradients(grads);
          tf.dispose([value, ...Object.values(grads)]);
        }
        opt.dispose();
        tf.dispose([w, x, y]);
        return losses;
      };
      for (const make of [() => new FusedAdamOptimizer(0.01), () => tf.train.adam(0.01)]) {
        const straight = await run(make, null);
        const resumed = await run(make, 26);
        expect(resumed).toEqual(straight); // bit-equal, all 34 steps after the restore
      }
    });
  }

  it('computes β^(t+1) as t float32 multiplications, not as pow', () => {
    expect(adamBetaPower(0.9, 0)).toBe(Math.fround(0.9));
    let acc = Math.fround(0.999);
    for (let i = 0; i < 1000; i++) acc = Math.fround(acc * Math.fround(0.999));
    expect(adamBetaPower(0.999, 1000)).toBe(acc);
    expect(acc).not.toBe(Math.fround(0.999 ** 1001)); // the two differ: why setWeights must not use pow
  });

  it('restoreAdamBetaPowers rejects an optimizer that is not Adam', () => {
    const sgd = tf.train.sgd(0.1);
    expect(() => restoreAdamBetaPowers(sgd as unknown as tf.AdamOptimizer)).toThrow(/Adam optimizer.*SGD/);
    sgd.dispose();
  });

  it('is tfjs Adam, exactly, on other backends', async () => {
    await setupBackend({ backend: 'cpu' });
    const reference = await train(() => tf.train.adam(0.05));
    const fused = await train(() => new FusedAdamOptimizer(0.05));
    expect(fused).toEqual(reference);
  });
});
