import 'fake-indexeddb/auto';
import { setupBackend } from '@rnn/core/node';
import * as tf from '@tensorflow/tfjs';
import { bidirectional, gru, lstm, registerLayers } from '../src/index.js';

// tfjs' own indexeddb:// handler, as a page uses it, with our layer classes registered. tfjs routes
// indexeddb:// only when IS_BROWSER is set and reads IndexedDB from `self`: this file emulates a page
// (fake-indexeddb provides the IndexedDB API under Node).
beforeAll(async () => {
  await setupBackend({ backend: 'cpu' });
  (globalThis as { self?: unknown }).self = globalThis;
  tf.env().set('IS_BROWSER', true);
});

afterAll(() => {
  tf.env().set('IS_BROWSER', false);
});

describe('layers models through tfjs indexeddb:// (registerLayers)', () => {
  it('saves a model with our GRU, LSTM and Bidirectional layers and loads it back with the same predictions', async () => {
    registerLayers();
    const model = tf.sequential({
      layers: [
        tf.layers.embedding({ inputDim: 20, outputDim: 6, inputLength: 5, maskZero: true }),
        bidirectional({ layer: gru({ units: 4, returnSequences: true, seed: 1 }) }),
        lstm({ units: 3, seed: 2 }),
        tf.layers.dense({ units: 2, activation: 'softmax' }),
      ],
    });
    const x = tf.tensor2d([
      [1, 2, 3, 0, 0],
      [4, 5, 6, 7, 8],
    ]);
    const before = model.predict(x) as tf.Tensor;
    const result = await model.save('indexeddb://rnn-layers-test');
    expect(result.modelArtifactsInfo.weightDataBytes).toBeGreaterThan(0);
    const idb = tf.io.getLoadHandlers('indexeddb://rnn-layers-test')[0] as tf.io.IOHandler;
    expect(idb.constructor.name).toBe('BrowserIndexedDB');
    // fake-indexeddb clones with Node's structuredClone, whose arrays fail tfjs' `instanceof Array` inside
    // jest's vm realm (never in a page): the topology gets a same-realm JSON copy, the weights pass as read.
    const sameRealm: tf.io.IOHandler = {
      load: async () => {
        const artifacts = await (idb.load as () => Promise<tf.io.ModelArtifacts>)();
        return { ...artifacts, modelTopology: JSON.parse(JSON.stringify(artifacts.modelTopology)) };
      },
    };
    const back = await tf.loadLayersModel(sameRealm);
    expect(back.layers.map((l) => l.getClassName())).toEqual(model.layers.map((l) => l.getClassName()));
    expect(back.layers.map((l) => l.getClassName())).toEqual(['Embedding', 'RnnTs.Bidirectional', 'RnnTs.RNN', 'Dense']);
    const after = back.predict(x) as tf.Tensor;
    expect(after.arraySync()).toEqual(before.arraySync());
    tf.dispose([x, before, after]);
    model.dispose();
    back.dispose();
  });
});
