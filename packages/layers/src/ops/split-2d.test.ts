import { setupBackend } from '@rnn/core';
import * as tf from '@tensorflow/tfjs';
import { split2d, split2dEven } from './split-2d.js';

describe.each(['wasm', 'cpu'] as const)('split2d on %s', (backend) => {
  beforeAll(async () => {
    await setupBackend({ backend });
  });

  const x = () => tf.tensor2d(Array.from({ length: 4 * 6 }, (_, i) => i), [4, 6]);

  it('splits rows (axis 0) exactly like tf.split', () => {
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const parts = split2d(x(), [1, 3], 0);
      expect(parts.map((p) => p.shape)).toEqual([
        [1, 6],
        [3, 6],
      ]);
      expect(parts[0]?.arraySync()).toEqual([[0, 1, 2, 3, 4, 5]]);
      expect(parts[1]?.arraySync()).toEqual(tf.slice(x(), [1, 0], [3, 6]).arraySync());
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('splits columns (axis 1) exactly like tf.split, for uneven sizes', () => {
    tf.tidy(() => {
      const parts = split2d(x(), [2, 3, 1], 1);
      const ref = tf.split(x(), [2, 3, 1], 1);
      expect(parts.map((p) => p.arraySync())).toEqual(ref.map((p) => p.arraySync()));
      expect(split2dEven(x(), 3, 1).map((p) => p.shape)).toEqual([
        [4, 2],
        [4, 2],
        [4, 2],
      ]);
    });
  });

  it('is differentiable: the gradient of each piece lands in its place (unused pieces get zeros)', () => {
    tf.tidy(() => {
      const g = tf.grad((t: tf.Tensor) => {
        const [a, , c] = split2d(t, [2, 3, 1], 1);
        return tf.add(tf.sum(tf.mul(a as tf.Tensor, 2)), tf.sum(tf.mul(c as tf.Tensor, 5)));
      })(x());
      expect(g.arraySync()).toEqual(Array.from({ length: 4 }, () => [2, 2, 0, 0, 0, 5]));
    });
  });
});
