import { setupBackend } from '@rnn/core/node';
import * as tf from '@tensorflow/tfjs';
import { clipByGlobalNorm, globalNorm } from '../src/index.js';

beforeAll(async () => {
  await setupBackend({ backend: 'cpu' });
});

describe('clipByGlobalNorm', () => {
  it('scales all gradients by maxNorm / globalNorm when above the limit', () => {
    const g = { a: tf.tensor1d([3, 0]), b: tf.tensor1d([0, 4]) }; // global norm 5
    const { grads, norm } = clipByGlobalNorm(g, 1);
    expect(norm).toBeCloseTo(5, 5);
    expect(Array.from(grads.a!.dataSync())).toEqual([expect.closeTo(0.6, 5), 0]);
    expect(Array.from(grads.b!.dataSync())).toEqual([0, expect.closeTo(0.8, 5)]);
    const same = clipByGlobalNorm(g, 10);
    expect(Array.from(same.grads.b!.dataSync())).toEqual([0, 4]);
    tf.dispose([g.a, g.b, grads.a!, grads.b!, same.grads.a!, same.grads.b!]);
  });
});

describe('globalNorm', () => {
  it('is the L2 norm over every gradient, and NaN when one holds NaN', () => {
    const g = { a: tf.tensor1d([3, 0]), b: tf.tensor1d([0, 4]) };
    expect(globalNorm(g)).toBeCloseTo(5, 5);
    const bad = { a: tf.tensor1d([Number.NaN, 1]) };
    expect(globalNorm(bad)).toBeNaN();
    tf.dispose([g.a, g.b, bad.a]);
  });
});
