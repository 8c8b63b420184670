import * as tf from '@tensorflow/tfjs';
import { setupBackend } from '@rnn/core';
import { gru } from '/work/main/packages/layers/dist/index.js';
await setupBackend({ backend: 'wasm' });
const impl = process.argv[2] ?? 'ours';
let t0 = performance.now();
const layer = impl === 'ours' ? gru({ units: 128, inputShape: [40, 64] }) : tf.layers.gru({ units: 128, inputShape: [40, 64], recurrentActivation: 'sigmoid' });
const model = tf.sequential({ layers: [layer, tf.layers.dense({ units: 40, activation: 'softmax' })] });
model.compile({ optimizer: tf.train.adam(1e-3), loss: 'sparseCategoricalCrossentropy' });
console.log('build', (performance.now() - t0).toFixed(0));
const x = tf.randomNormal([64, 40, 64]);
const y = tf.randomUniform([64, 1], 0, 40, 'int32').toFloat();
for (let i = 0; i < 4; i++) {
  t0 = performance.now();
  await model.trainOnBatch(x, y);
  const t1 = performance.now();
  const p = model.predict(x); await p.data(); p.dispose();
  console.log(impl, 'train', (t1 - t0).toFixed(0), 'infer', (performance.now() - t1).toFixed(0));
}
