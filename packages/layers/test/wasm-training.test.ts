/**
 * Training an Embedding → GRU → Dense model on the wasm backend. Stock tfjs-backend-wasm has no
 * `UnsortedSegmentSum` kernel, which the gradient of `gather` (every Embedding) needs; @rnn/core's
 * `setupBackend` registers one. This proves it in a real model: gradients on wasm equal the cpu
 * backend's, and a few Adam steps on wasm lower the loss.
 */
import { setupBackend } from '@rnn/core/node';
import * as tf from '@tensorflow/tfjs';
import { gru } from '../src/index.js';

const VOCAB = 9;
const TIME = 6;
const BATCH = 4;

type RecurrentFactory = () => tf.layers.Layer;
/** tfjs' own GRU (sigmoid gates, as ours and Keras') and our fused `gru`. */
const stockGru: RecurrentFactory = () =>
  tf.layers.gru({
    units: 6,
    recurrentActivation: 'sigmoid',
    kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }),
    recurrentInitializer: tf.initializers.glorotUniform({ seed: 3 }),
  });
const variants: [string, RecurrentFactory][] = [
  ['tf.layers.gru', stockGru],
  ['our gru', () => gru({ units: 6 })],
];

function buildModel(recurrent: RecurrentFactory): tf.Sequential {
  const model = tf.sequential();
  model.add(
    tf.layers.embedding({
      inputDim: VOCAB,
      outputDim: 5,
      inputLength: TIME,
      embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.5, maxval: 0.5, seed: 1 }),
    }),
  );
  model.add(recurrent());
  model.add(tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }) }));
  return model;
}

const ids = [
  [1, 2, 3, 4, 5, 6],
  [8, 8, 0, 1, 2, 2],
  [3, 1, 4, 1, 5, 0],
  [7, 7, 7, 2, 6, 1],
];
const labels = [0, 2, 1, 2];

/** Loss gradients w.r.t. every trainable weight (short name → values), in `trainableWeights` order. */
function gradients(model: tf.Sequential): Record<string, Float32Array> {
  return tf.tidy(() => {
    const x = tf.tensor2d(ids, [BATCH, TIME], 'int32');
    const y = tf.oneHot(tf.tensor1d(labels, 'int32'), 3);
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const { grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, model.apply(x) as tf.Tensor) as tf.Scalar, vars);
    const out: Record<string, Float32Array> = {};
    model.trainableWeights.forEach((w, i) => {
      // layer names get a per-model counter (gru_GRU1 vs gru_GRU2): key by layer index + weight kind
      out[`${i}:${w.name.split('/').pop()}`] = (grads[(vars[i] as tf.Variable).name] as tf.Tensor).dataSync() as Float32Array;
    });
    return out;
  });
}

afterAll(async () => {
  await setupBackend({ backend: 'cpu' });
});

describe.each(variants)('training Embedding → %s → Dense on wasm', (_label, recurrent) => {
  it('has the UnsortedSegmentSum kernel and matches the cpu backend gradients', async () => {
    await setupBackend({ backend: 'wasm' });
    expect(tf.getKernel('UnsortedSegmentSum', 'wasm')).toBeDefined();
    const model = buildModel(recurrent);
    const initial = model.getWeights().map((w) => ({ values: w.dataSync().slice(), shape: w.shape }));
    const before = tf.memory().numTensors;
    const onWasm = gradients(model);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();

    await setupBackend({ backend: 'cpu' });
    const cpuModel = buildModel(recurrent);
    cpuModel.setWeights(initial.map((w) => tf.tensor(w.values, w.shape)));
    const onCpu = gradients(cpuModel);
    cpuModel.dispose();

    expect(Object.keys(onWasm).sort()).toEqual(Object.keys(onCpu).sort());
    const embName = Object.keys(onWasm).find((n) => n.endsWith('embeddings')) as string;
    const emb = onWasm[embName] as Float32Array;
    // Rows of ids that occur get gradient, the rest are exactly zero: the scatter-add really ran.
    const used = new Set(ids.flat());
    for (let row = 0; row < VOCAB; row++) {
      const norm = Math.hypot(...emb.subarray(row * 5, row * 5 + 5));
      if (used.has(row)) expect(norm).toBeGreaterThan(1e-6);
      else expect(norm).toBe(0);
    }
    for (const name of Object.keys(onCpu)) {
      const a = onWasm[name] as Float32Array;
      const b = onCpu[name] as Float32Array;
      let maxDiff = 0;
      for (let i = 0; i < a.length; i++) maxDiff = Math.max(maxDiff, Math.abs((a[i] as number) - (b[i] as number)));
      expect({ name, maxDiff: maxDiff <= 1e-6 }).toEqual({ name, maxDiff: true });
    }
  });

  it('lowers the loss with fit() on wasm', async () => {
    await setupBackend({ backend: 'wasm' });
    const model = buildModel(recurrent);
    model.compile({ optimizer: tf.train.adam(0.05), loss: 'categoricalCrossentropy' });
    const x = tf.tensor2d(ids, [BATCH, TIME], 'int32');
    const y = tf.oneHot(tf.tensor1d(labels, 'int32'), 3);
    const history = await model.fit(x, y, { epochs: 20, batchSize: BATCH, verbose: 0 });
    const losses = history.history.loss as number[];
    expect(losses[losses.length - 1]).toBeLessThan(0.5 * (losses[0] as number));
    tf.dispose([x, y]);
    model.dispose();
  });
});
