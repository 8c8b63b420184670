import { setupBackend } from '@rnn/core/node';
import * as tf from '@tensorflow/tfjs';
import type { PairBatch, WindowBatch } from './batch-types.js';
import { charWindows } from './char-windows.js';
import { paddedBatches } from './padded-batches.js';
import { batchTensors, tensorBatches, toTfDataset } from './tensors.js';

beforeAll(async () => {
  await setupBackend({ backend: 'cpu' });
});

describe('batchTensors', () => {
  it('lays out window batches as int32 ids with sparse or per-batch one-hot targets', () => {
    const before = tf.memory().numTensors;
    const batch = charWindows([0, 1, 2, 3, 0, 1, 2, 3, 0], { seqLength: 2, batchSize: 2 }).batches[0] as WindowBatch;
    const { xs, ys } = batchTensors(batch);
    expect((xs as tf.Tensor).dtype).toBe('int32');
    expect((xs as tf.Tensor).arraySync()).toEqual([
      [0, 1],
      [0, 1],
    ]);
    expect(ys.arraySync()).toEqual([
      [1, 2],
      [1, 2],
    ]);
    expect(ys.dtype).toBe('float32'); // tfjs' sparseCategoricalCrossentropy rejects int32 targets
    const hot = batchTensors(batch, { oneHotDepth: 4 });
    expect(hot.ys.shape).toEqual([2, 2, 4]);
    expect(hot.ys.dtype).toBe('float32');
    expect(hot.ys.arraySync()).toEqual([
      [
        [0, 1, 0, 0],
        [0, 0, 1, 0],
      ],
      [
        [0, 1, 0, 0],
        [0, 0, 1, 0],
      ],
    ]);
    tf.dispose([xs, ys, hot.xs, hot.ys]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('lays out pair batches for teacher forcing: [source, target[:, :-1]] → target[:, 1:]', () => {
    const before = tf.memory().numTensors;
    const [batch] = paddedBatches(
      [
        { source: [5, 6, 7], target: [1, 8, 9, 2] },
        { source: [5], target: [1, 8, 2] },
      ],
      { batchSize: 2 },
    );
    const { xs, ys } = batchTensors(batch as PairBatch);
    const [src, dec] = xs as tf.Tensor[];
    expect(src?.arraySync()).toEqual([
      [5, 6, 7],
      [5, 0, 0],
    ]);
    expect(dec?.arraySync()).toEqual([
      [1, 8, 9],
      [1, 8, 2],
    ]);
    expect(ys.arraySync()).toEqual([
      [8, 9, 2],
      [8, 2, 0],
    ]);
    tf.dispose([src as tf.Tensor, dec as tf.Tensor, ys]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('takes sequence labels by example index, and needs them', () => {
    const [batch] = paddedBatches([[3, 4], [5]], { batchSize: 2, shuffle: true, seed: 4 });
    const labels = [1, 0];
    const { xs, ys } = batchTensors(batch!, { labels });
    expect(ys.arraySync()).toEqual(batch!.indices.map((i) => [labels[i]]));
    expect(ys.shape).toEqual([2, 1]);
    tf.dispose([xs, ys]);
    const before = tf.memory().numTensors;
    expect(() => batchTensors(batch!)).toThrow(/`labels` \(or `map`\)/);
    expect(() => batchTensors(charWindows('abcde', { seqLength: 2, batchSize: 2 }).batches[0] as never)).toThrow(/numeric ids/);
    expect(() => batchTensors(batch!, { oneHotDepth: 1, labels })).toThrow(/`oneHotDepth`.*>= 2/);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('toTfDataset and tensorBatches', () => {
  it('feeds model.fitDataset without leaking, calling the batch factory once per epoch', async () => {
    const ids = Array.from({ length: 400 }, (_, i) => i % 5); // 0 1 2 3 4 0 1 …: next id is predictable
    const { batches } = charWindows(ids, { seqLength: 8, batchSize: 4 });
    let calls = 0;
    const ds = toTfDataset(() => {
      calls++;
      return batches;
    });
    const model = tf.sequential({
      layers: [tf.layers.embedding({ inputDim: 5, outputDim: 8, inputLength: 8 }), tf.layers.dense({ units: 5, activation: 'softmax' })],
    });
    model.compile({ optimizer: tf.train.adam(0.05), loss: 'sparseCategoricalCrossentropy' });
    const h = await model.fitDataset(ds, { epochs: 3, verbose: 0 });
    expect(calls).toBe(3);
    const loss = h.history.loss as number[];
    expect(loss[2]).toBeLessThan((loss[0] as number) * 0.7);
    // The first fit creates the optimizer's slot variables; after that an epoch must not add a tensor.
    const after = tf.memory().numTensors;
    await model.fitDataset(ds, { epochs: 1, verbose: 0 });
    expect(tf.memory().numTensors).toBe(after);
    model.dispose();
  });

  it('yields the same tensors as a plain async iterator with the batch attached', async () => {
    const batches = paddedBatches([[1, 2], [3], [4, 5, 6]], { batchSize: 2 });
    const before = tf.memory().numTensors;
    const seen: number[][] = [];
    for await (const { xs, ys, batch } of tensorBatches(batches, { labels: [0, 1, 1] })) {
      seen.push((xs as tf.Tensor).shape);
      expect(ys.shape[0]).toBe(batch.indices.length);
      tf.dispose([xs as tf.Tensor, ys]);
    }
    expect(seen).toEqual([
      [2, 2],
      [1, 3],
    ]);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => toTfDataset('nope' as never)).toThrow(/Expected batches \(an array, or a function/);
  });
});
