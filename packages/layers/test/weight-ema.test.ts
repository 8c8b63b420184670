import { setupBackend } from '@rnn/core/node';
import * as tf from '@tensorflow/tfjs';
import { WeightEma } from '../src/index.js';

function setWeight(m: tf.LayersModel, w: number): void {
  const t = tf.tensor2d([[w]]);
  m.setWeights([t]);
  t.dispose();
}

/** y = w·x, one weight, no bias: easy to read back. */
function oneWeight(w: number): tf.LayersModel {
  const m = tf.sequential();
  m.add(tf.layers.dense({ units: 1, inputShape: [1], useBias: false, kernelInitializer: 'zeros' }));
  setWeight(m, w);
  return m;
}
const weightOf = (m: tf.LayersModel): number => (m.getWeights()[0] as tf.Tensor).dataSync()[0] as number;

beforeAll(async () => {
  await setupBackend({ backend: 'cpu' });
});

describe('WeightEma', () => {
  it('starts at the first weights, then moves by (1 − m) toward each new one, and swaps the average in and out', () => {
    const model = oneWeight(1);
    const before = tf.memory().numTensors;
    const ema = new WeightEma(0.75);
    ema.update(model); // avg = 1
    setWeight(model, 5);
    ema.update(model); // avg = 0.75·1 + 0.25·5 = 2
    setWeight(model, 9);
    ema.update(model); // avg = 0.75·2 + 0.25·9 = 3.75
    expect(ema.withAverage(model, () => weightOf(model))).toBeCloseTo(3.75, 6);
    expect(weightOf(model)).toBeCloseTo(9, 6);
    const copy = ema.weights(model);
    expect((copy[0] as tf.Tensor).dataSync()[0]).toBeCloseTo(3.75, 6);
    for (const t of copy) t.dispose();
    ema.dispose();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('rejects a momentum outside [0, 0.9999]', () => {
    expect(() => new WeightEma(1)).toThrow(/Expected `momentum` to be a number in \[0, 0.9999\], but got 1\./);
  });
});
