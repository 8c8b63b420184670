import { Rng, setupBackend } from '@rnn/core/node';
import * as tf from '@tensorflow/tfjs';
import { trainModel } from '../src/train-loop.js';

function setWeight(m: tf.LayersModel, w: number): void {
  const t = tf.tensor2d([[w]]);
  m.setWeights([t]);
  t.dispose();
}

/** y = w·x, one weight, no bias: easy to read back. */
function oneWeight(w: number): tf.LayersModel {
  const m = tf.sequential();
  m.add(tf.layers.dense({ units: 1, inputShape: [1], useBias: false, activation: 'sigmoid', kernelInitializer: 'zeros' }));
  setWeight(m, w);
  m.compile({ optimizer: tf.train.sgd(0.5), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  return m;
}
const weightOf = (m: tf.LayersModel): number => (m.getWeights()[0] as tf.Tensor).dataSync()[0] as number;

beforeAll(async () => {
  await setupBackend({ backend: 'cpu' });
});

describe('trainModel checkpoint rules', () => {
  // x = 1 → label 1: every SGD step raises w, so the training loss falls every epoch.
  const data = { xTrain: [[1], [1]], yTrain: [1, 1], xVal: [[1], [1]], yVal: [0, 0] };

  it("'last' keeps the last epoch without validation rows", async () => {
    const model = oneWeight(0);
    const r = await trainModel(model, { ...data, xVal: [], yVal: [] }, { epochs: 3, batchSize: 2, rng: new Rng(1), checkpoint: 'last' });
    expect(r.bestEpoch).toBe(3);
    expect(r.history.map((e) => e.valLoss)).toEqual([null, null, null]);
    expect(weightOf(model)).toBeGreaterThan(0.5);
    model.dispose();
  });

  it("'valLoss' keeps the epoch with the lowest validation loss (here the first: validation labels are 0)", async () => {
    const model = oneWeight(0);
    const r = await trainModel(model, data, { epochs: 3, batchSize: 2, rng: new Rng(1), checkpoint: 'valLoss' });
    expect(r.bestEpoch).toBe(1);
    const losses = r.history.map((e) => e.valLoss as number);
    expect(losses[0]).toBeLessThan(losses[2] as number);
    model.dispose();
  });

  it('with an average, the kept weights are the average (they lag behind the raw weights)', async () => {
    const raw = oneWeight(0);
    await trainModel(raw, data, { epochs: 3, batchSize: 1, rng: new Rng(1), checkpoint: 'last' });
    const avg = oneWeight(0);
    await trainModel(avg, data, { epochs: 3, batchSize: 1, rng: new Rng(1), checkpoint: 'last', emaMomentum: 0.9 });
    expect(weightOf(avg)).toBeGreaterThan(0);
    expect(weightOf(avg)).toBeLessThan(weightOf(raw) - 0.1);
    raw.dispose();
    avg.dispose();
  });

  it('refuses a validation checkpoint without validation rows', async () => {
    const model = oneWeight(0);
    await expect(trainModel(model, { ...data, xVal: [], yVal: [] }, { epochs: 1, batchSize: 2, rng: new Rng(1), checkpoint: 'valAccuracy' })).rejects.toThrow(
      /Expected validation rows for `checkpoint` "valAccuracy", but got none/,
    );
    model.dispose();
  });
});
