// The benchmark cases of @rnn/layers, shared by the Node run (run.mjs) and the page run (browser.mjs bundles
// page-entry.mjs, which imports this file, with esbuild): the shapes, the two models (ours vs tfjs-layers with
// Keras 3 activations), the random batch, and the swap between tfjs-backend-wasm's stock kernels and the ones
// setupBackend() registers. No Node built-ins here: this file also runs in Chromium.
import * as tf from '@tensorflow/tfjs';
import { kernelSwitch, MATMUL_KERNELS } from '../../../scripts/bench-kernels.mjs';
import { gru, lstm } from '../dist/index.js';

export const CASES = [
  { name: 'gru-small', cell: 'gru', batch: 64, time: 40, features: 64, units: 128, classes: 40, vocab: 0, returnSequences: false, backends: ['wasm', 'cpu'] },
  { name: 'lstm-small', cell: 'lstm', batch: 64, time: 40, features: 64, units: 128, classes: 40, vocab: 0, returnSequences: false, backends: ['wasm', 'cpu'] },
  { name: 'gru-char', cell: 'gru', batch: 64, time: 100, features: 64, units: 512, classes: 90, vocab: 90, returnSequences: true, backends: ['wasm'] },
];

/** The shape column of the tables. */
export const shapeOf = (c) => `${c.batch}×${c.time}×${c.vocab ? `emb${c.features}` : c.features} → ${c.cell.toUpperCase()}(${c.units}) → Dense(${c.classes})`;

export function buildModel(c, impl) {
  const layers = [];
  const rnnArgs = { units: c.units, returnSequences: c.returnSequences };
  if (c.vocab) layers.push(tf.layers.embedding({ inputDim: c.vocab, outputDim: c.features, inputLength: c.time }));
  const first = c.vocab ? {} : { inputShape: [c.time, c.features] };
  if (impl === 'ours') layers.push((c.cell === 'gru' ? gru : lstm)({ ...rnnArgs, ...first }));
  // tfjs-layers with Keras 3's activations so both compute the same function (its default is hardSigmoid).
  else layers.push(tf.layers[c.cell]({ ...rnnArgs, ...first, recurrentActivation: 'sigmoid' }));
  layers.push(tf.layers.dense({ units: c.classes, activation: 'softmax' }));
  const model = tf.sequential({ layers });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'sparseCategoricalCrossentropy' });
  return model;
}

export function data(c) {
  const x = c.vocab ? tf.randomUniform([c.batch, c.time], 0, c.vocab, 'int32').toFloat() : tf.randomNormal([c.batch, c.time, c.features]);
  const y = tf.randomUniform(c.returnSequences ? [c.batch, c.time, 1] : [c.batch, 1], 0, c.classes, 'int32').toFloat();
  return { x, y };
}

/**
 * The models and batch of case `c` for the implementations `impls` ('ours', 'tfjs', 'tfjsStock'), with one
 * un-timed `train(impl)` / `infer(impl)` step each; `dispose()` frees them.
 */
export function prepareCase(c, impls, switcher) {
  const { x, y } = data(c);
  const models = Object.fromEntries(impls.map((impl) => [impl, buildModel(c, impl === 'ours' ? 'ours' : 'tfjs')]));
  return {
    train: (impl) => switcher.around(impl, () => models[impl].trainOnBatch(x, y)),
    infer: (impl) =>
      switcher.around(impl, async () => {
        const p = models[impl].predict(x, { batchSize: c.batch });
        await p.data();
        p.dispose();
      }),
    dispose() {
      tf.dispose([x, y]);
      for (const m of Object.values(models)) {
        m.optimizer.dispose(); // compiled with an optimizer instance, which model.dispose() leaves alone
        m.dispose();
      }
    },
  };
}

export { kernelSwitch, MATMUL_KERNELS };
