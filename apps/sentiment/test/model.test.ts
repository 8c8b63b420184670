import { setupBackend } from '@rnn/core/node';
import type * as tf from '@tensorflow/tfjs';
import { CONFIGS } from '../src/config.js';
import { buildModel } from '../src/model.js';

beforeAll(async () => {
  await setupBackend({ backend: 'wasm' });
});

const weights = (m: tf.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));

describe('buildModel seed (issue 18)', () => {
  it('builds identical weights (embedding, both LSTM directions, both Dense layers) for the same seed, others for another', () => {
    const cfg = { ...CONFIGS.small, embeddingDim: 4, lstmUnits: 3, denseUnits: 5, maxLen: 6 };
    const [a, b, c] = [7, 7, 8].map((seed) => buildModel(cfg, 20, seed));
    try {
      expect(weights(b!)).toEqual(weights(a!));
      const wa = weights(a!);
      const wc = weights(c!);
      // every randomly initialised weight (all but the zero biases) differs with the seed
      let random = 0;
      wa.forEach((w, i) => {
        if (w.some((x) => x !== 0 && x !== 1)) {
          random += 1;
          expect(wc[i]).not.toEqual(w);
        }
      });
      expect(random).toBeGreaterThanOrEqual(7); // embedding, 2 × (kernel, recurrent kernel), 2 dense kernels
    } finally {
      for (const m of [a, b, c]) m?.dispose();
    }
  });
});
