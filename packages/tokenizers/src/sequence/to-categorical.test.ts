import { setupBackend } from '@rnn/core/node';
import * as tf from '@tensorflow/tfjs';
import { toCategorical } from './to-categorical.js';

beforeAll(async () => {
  await setupBackend({ backend: 'cpu' });
});

describe('toCategorical (Keras to_categorical semantics)', () => {
  it('one-hot encodes with numClasses = max + 1 by default', () => {
    const y = toCategorical([0, 2, 1]);
    expect(y.shape).toEqual([3, 3]);
    expect(y.dtype).toBe('float32');
    expect(y.arraySync()).toEqual([
      [1, 0, 0],
      [0, 0, 1],
      [0, 1, 0],
    ]);
    y.dispose();
  });

  it('drops a trailing axis of size 1 and keeps other axes, like Keras', () => {
    const a = toCategorical([[1], [0]], 3);
    expect(a.shape).toEqual([2, 3]);
    expect(a.arraySync()).toEqual([
      [0, 1, 0],
      [1, 0, 0],
    ]);
    const b = toCategorical([
      [0, 1],
      [1, 1],
    ]);
    expect(b.shape).toEqual([2, 2, 2]);
    expect(b.arraySync()).toEqual([
      [
        [1, 0],
        [0, 1],
      ],
      [
        [0, 1],
        [0, 1],
      ],
    ]);
    a.dispose();
    b.dispose();
  });

  it('accepts a tensor and leaks no tensors', () => {
    const labels = tf.tensor1d([2, 0], 'int32');
    const before = tf.memory().numTensors;
    const y = toCategorical(labels, 4);
    expect(y.arraySync()).toEqual([
      [0, 0, 1, 0],
      [1, 0, 0, 0],
    ]);
    y.dispose();
    expect(tf.memory().numTensors).toBe(before);
    labels.dispose();
  });

  it('names bad labels and numClasses', () => {
    expect(() => toCategorical([0, -1])).toThrow(/non-negative integers.*-1 at flat position 1/);
    expect(() => toCategorical([0, 1.5])).toThrow(/non-negative integers.*1\.5/);
    expect(() => toCategorical([0, 3], 3)).toThrow(/< numClasses \(3\).*3 at flat position 1/);
    expect(() => toCategorical([0], 0)).toThrow(/`numClasses`.*positive integer.*0/);
    expect(() => toCategorical([[0], [1, 2]])).toThrow(/rectangular/);
    expect(() => toCategorical('1' as never)).toThrow(/`labels`.*"1"/);
  });
});
