import * as tf from '@tensorflow/tfjs';
import { setupBackend } from './backend.js';
import { Rng } from './rng.js';

type Case = { name: string; run: () => tf.Tensor | tf.Tensor[] };

/** The values and shapes `run` gives, read outside any tidy. */
function read(run: () => tf.Tensor | tf.Tensor[]): { shape: number[]; dtype: string; values: unknown[] }[] {
  const out = tf.tidy(run);
  const list = Array.isArray(out) ? out : [out];
  const seen = list.map((t) => ({ shape: t.shape, dtype: t.dtype, values: Array.from(t.dataSync() as ArrayLike<unknown>) }));
  tf.dispose(list);
  return seen;
}

describe('heap-view Slice / SplitV / Unpack / Reverse on wasm', () => {
  const rng = new Rng(7);
  const data = Array.from({ length: 2 * 3 * 4 * 5 * 2 }, () => Math.round((rng.next() - 0.5) * 10000) / 100);
  const x5 = () => tf.tensor(data, [2, 3, 4, 5, 2]);
  const x3 = () => tf.tensor(data.slice(0, 60), [3, 4, 5]);
  const cases: Case[] = [
    { name: 'slice 1-D', run: () => tf.slice(tf.tensor1d(data.slice(0, 9)), 2, 5) },
    { name: 'slice 2-D rows (contiguous)', run: () => tf.slice(tf.tensor2d(data.slice(0, 24), [6, 4]), [1, 0], [3, 4]) },
    { name: 'slice 2-D columns (strided)', run: () => tf.slice(tf.tensor2d(data.slice(0, 24), [6, 4]), [0, 1], [6, 2]) },
    { name: 'slice 3-D middle box, size -1', run: () => tf.slice(x3(), [1, 1, 2], [-1, 2, -1]) },
    { name: 'slice 5-D (beyond the stock 4-D loops)', run: () => tf.slice(x5(), [1, 0, 1, 2, 0], [1, 3, 2, 3, 2]) },
    { name: 'slice to an empty tensor', run: () => tf.slice(x3(), [0, 0, 0], [3, 0, 5]) },
    { name: 'slice int32', run: () => tf.slice(tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3], 'int32'), [0, 1], [2, 2]) },
    { name: 'slice bool', run: () => tf.slice(tf.tensor2d([true, false, true, false, false, true], [2, 3], 'bool'), [1, 0], [1, 3]) },
    { name: 'slice a scalar-like [1]', run: () => tf.slice(tf.tensor1d([3.5]), [0], [1]) },
    { name: 'split evenly along axis 0', run: () => tf.split(x3(), 3, 0) },
    { name: 'split by sizes along the last axis', run: () => tf.split(x3(), [1, 3, 1], 2) },
    { name: 'split with a -1 size along a middle axis', run: () => tf.split(x5(), [1, -1], 2) },
    { name: 'split int32 columns', run: () => tf.split(tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8], [2, 4], 'int32'), 2, 1) },
    { name: 'unstack axis 0', run: () => tf.unstack(x3(), 0) },
    { name: 'unstack axis 1', run: () => tf.unstack(x3(), 1) },
    { name: 'unstack negative axis', run: () => tf.unstack(x5(), -1) },
    { name: 'reverse the time axis of [batch, time, units]', run: () => tf.reverse(x3(), 1) },
    { name: 'reverse the last axis (element by element)', run: () => tf.reverse(x3(), -1) },
    { name: 'reverse two axes of a 5-D tensor', run: () => tf.reverse(x5(), [0, 3]) },
    { name: 'reverse every axis', run: () => tf.reverse(x3()) },
    { name: 'reverse int32 rows', run: () => tf.reverse(tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2], 'int32'), 0) },
    {
      name: 'reverse an axis of length 1 and an empty tensor',
      run: () => [tf.reverse(tf.tensor3d(data.slice(0, 6), [1, 2, 3]), 0), tf.reverse(tf.zeros([2, 0, 3]), 0)],
    },
  ];

  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it("gives exactly the cpu backend's values, shapes and dtypes for every case", async () => {
    await setupBackend({ backend: 'cpu' });
    const expected = cases.map((c) => read(c.run));
    await setupBackend({ backend: 'wasm' });
    for (const name of ['Slice', 'SplitV', 'Unpack', 'Reverse']) {
      const marks = Object.getOwnPropertySymbols(tf.getKernel(name, 'wasm')?.kernelFunc ?? {}).map(String);
      expect({ name, marks }).toEqual({ name, marks: ['Symbol(@rnn/core/replaced-wasm-kernel)'] });
    }
    const before = tf.memory().numTensors;
    const got = cases.map((c) => read(c.run));
    for (const [i, c] of cases.entries()) expect({ case: c.name, out: got[i] }).toEqual({ case: c.name, out: expected[i] });
    expect(tf.memory().numTensors).toBe(before);
    // Spot values, so that a shared bug in both backends cannot pass unnoticed.
    expect(read(() => tf.slice(tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]), [0, 1], [2, 2]))[0]?.values).toEqual([2, 3, 5, 6]);
    expect(read(() => tf.unstack(tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]), 1)).map((o) => o.values)).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    expect(read(() => tf.reverse(tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]), 1))[0]?.values).toEqual([3, 4, 1, 2, 7, 8, 5, 6]);
  });

  it('still slices and unstacks string tensors (served by the stock kernels)', async () => {
    await setupBackend({ backend: 'wasm' });
    const s = tf.tensor1d(['a', 'b', 'c', 'd']);
    expect(await tf.slice(s, 1, 2).array()).toEqual(['b', 'c']);
    expect(await Promise.all(tf.unstack(s).map((t) => t.array()))).toEqual(['a', 'b', 'c', 'd']);
    s.dispose();
  });

  it("keeps gradients through split and unstack equal to the cpu backend's", async () => {
    const grad = () =>
      tf.tidy(() => {
        const w = tf.tensor2d([
          [1, 2, 3, 4],
          [5, 6, 7, 8],
          [9, 10, 11, 12],
        ]);
        const g = tf.grad((t: tf.Tensor) => {
          const [a, b] = tf.split(t, [1, 3], 1) as [tf.Tensor, tf.Tensor];
          const rows = tf.unstack(b, 0);
          return a
            .square()
            .sum()
            .add((rows[2] as tf.Tensor).mul(tf.tensor1d([1, -1, 2])).sum());
        })(w);
        return Array.from(g.dataSync());
      });
    await setupBackend({ backend: 'cpu' });
    const onCpu = grad();
    await setupBackend({ backend: 'wasm' });
    expect(grad()).toEqual(onCpu);
    expect(onCpu).toEqual([2, 0, 0, 0, 10, 0, 0, 0, 18, 1, -1, 2]);
  });
});
