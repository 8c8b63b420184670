import { setupBackend } from '@rnn/core/node';
import * as tf from '@tensorflow/tfjs';
import {
  Mean,
  maskedAccuracy,
  maskedAccuracyMetric,
  maskedSparseCategoricalCrossentropy,
  maskedSparseCategoricalCrossentropyLoss,
  SparseCategoricalAccuracy,
} from '../src/index.js';

beforeAll(async () => {
  await setupBackend({ backend: 'cpu' });
});

it('running every tensor metric 100 times leaves tf.memory().numTensors unchanged', () => {
  const yTrue = tf.tensor2d([[1, 2, 0, 0]]);
  const oneHot = tf.oneHot(tf.tensor1d([1, 2, 0, 0], 'int32'), 3).expandDims(0);
  const yPred = tf.softmax(tf.randomNormal([1, 4, 3], 0, 1, 'float32', 7));
  const before = tf.memory().numTensors;
  const metric = maskedAccuracyMetric();
  const loss = maskedSparseCategoricalCrossentropyLoss({ fromLogits: true });
  const mean = new Mean();
  const acc = new SparseCategoricalAccuracy({ maskValue: 0 });
  for (let i = 0; i < 100; i++) {
    const results = [
      maskedAccuracy(yTrue, yPred),
      maskedAccuracy(oneHot, yPred),
      metric(yTrue, yPred),
      maskedSparseCategoricalCrossentropy(yTrue, yPred),
      maskedSparseCategoricalCrossentropy(oneHot, yPred),
      loss(yTrue, yPred),
    ];
    mean.update(results[3]!);
    acc.update(yTrue, yPred);
    tf.dispose(results);
  }
  expect(tf.memory().numTensors).toBe(before);
  expect(acc.count).toBe(200);
  tf.dispose([yTrue, oneHot, yPred]);
});
