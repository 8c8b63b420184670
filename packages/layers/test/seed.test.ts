// `seed` makes a cell's initial weights reproducible (Keras' initializer seeds); unseeded stays random.
import { setupBackend } from '@rnn/core/node';
import * as tf from '@tensorflow/tfjs';
import { Bidirectional, bidirectional, gru, lstm, RNN, registerLayers, simpleRNN } from '../src/index.js';

beforeAll(async () => {
  await setupBackend({ backend: 'cpu' });
  registerLayers();
});

/** Build `layer` on `[batch, 3, 4]` inputs and return its weights as plain arrays (then dispose it). */
function weightsOf(layer: tf.layers.Layer): number[][] {
  tf.tidy(() => {
    layer.apply(tf.zeros([1, 3, 4]));
  });
  const w = layer.getWeights().map((t) => Array.from(t.dataSync()));
  layer.dispose();
  return w;
}

describe('seed', () => {
  it('gives the same weights for the same seed and other weights for another seed (gru, lstm, simpleRNN)', () => {
    for (const make of [
      (seed?: number) => gru({ units: 5, seed }),
      (seed?: number) => lstm({ units: 5, seed }),
      (seed?: number) => simpleRNN({ units: 5, seed }),
    ]) {
      const a = weightsOf(make(11));
      const b = weightsOf(make(11));
      const c = weightsOf(make(12));
      expect(b).toEqual(a);
      expect(c[0]).not.toEqual(a[0]);
      expect(a[1]).not.toEqual(a[0]?.slice(0, a[1]?.length)); // kernel and recurrent kernel use different seeds
      expect(weightsOf(make())[0]).not.toEqual(weightsOf(make())[0]); // unseeded: fresh each time
    }
  });

  it('survives getConfig/fromConfig, and a seeded bidirectional layer has different forward and backward weights', () => {
    const layer = gru({ units: 4, seed: 3 });
    const config = layer.getConfig();
    const again = RNN.fromConfig(RNN, config) as unknown as RNN;
    expect(weightsOf(again)).toEqual(weightsOf(layer));

    const bi1 = weightsOf(bidirectional({ layer: gru({ units: 4, seed: 3 }) }));
    const bi2 = weightsOf(bidirectional({ layer: gru({ units: 4, seed: 3 }) }));
    expect(bi2).toEqual(bi1);
    expect(bi1.length).toBe(6); // forward kernel, recurrent, bias; then backward
    expect(bi1[3]).not.toEqual(bi1[0]);
    const bi = bidirectional({ layer: gru({ units: 4, seed: 3 }) }) as Bidirectional;
    const restored = Bidirectional.fromConfig(Bidirectional, bi.getConfig()) as unknown as Bidirectional;
    expect(weightsOf(restored)).toEqual(bi1);
  });

  it('rejects a seed that is not a non-negative integer, naming it', () => {
    expect(() => gru({ units: 4, seed: 1.5 })).toThrow(/`seed`.*1\.5/);
    expect(() => lstm({ units: 4, seed: -1 })).toThrow(/`seed`.*-1/);
  });
});
