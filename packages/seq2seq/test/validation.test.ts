import { ValueError } from '@rnn/core';
import { setupBackend } from '@rnn/core/node';
import * as tf from '@tensorflow/tfjs';
import { beamSearch, evaluate, fit, greedy, Seq2Seq, sample, sequenceLoss, Trainer } from '../src/index.js';

beforeAll(async () => {
  await setupBackend({ backend: 'wasm' });
});

/** The ValueError `fn` throws (or fails the test), with tf.memory().numTensors unchanged by the failed call. */
async function rejectsWithoutLeak(fn: () => unknown): Promise<ValueError> {
  const before = tf.memory().numTensors;
  let err: unknown = null;
  try {
    await fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(ValueError);
  expect(tf.memory().numTensors).toBe(before);
  return err as ValueError;
}

describe('token ids are checked at every entry point (issue 18 items 6, 7)', () => {
  const model = new Seq2Seq({ sourceVocabSize: 11, targetVocabSize: 12, units: 8, embeddingDim: 4, attention: 'luongDot', seed: 1 });
  afterAll(() => model.dispose());
  const decoders = {
    greedy: (src: number[][] | tf.Tensor2D) => greedy(model, src, { maxLength: 4, suppressTokens: [3] }),
    sample: (src: number[][] | tf.Tensor2D) => sample(model, src, { maxLength: 4, suppressTokens: [3] }),
    beamSearch: (src: number[][] | tf.Tensor2D) => beamSearch(model, src, { maxLength: 4, beamWidth: 2, suppressTokens: [3] }),
  };

  for (const [name, decode] of Object.entries(decoders)) {
    it(`${name} rejects source ids that are not integers in [0, sourceVocabSize), naming position and value, and leaks nothing`, async () => {
      decode([[4, 5]]); // warm-up: kernels and caches made on first use are not leaks
      for (const [bad, shown] of [
        [11, '11'],
        [-1, '-1'],
        [2.7, '2.7'],
        [Number.NaN, 'NaN'],
        [1e12, '1000000000000'],
      ] as const) {
        const err = await rejectsWithoutLeak(() =>
          decode([
            [4, 5, 6],
            [7, bad],
          ]),
        );
        expect(err.message).toMatch(new RegExp(`\`source\` to be an integer in \\[0, 11\\).*\`source\\[1\\]\\[1\\]\` is ${shown}\\.`));
      }
      await rejectsWithoutLeak(() => decode([[4], 'abc' as unknown as number[]]));
      const t = tf.tensor2d(
        [
          [4, 5],
          [6, 11],
        ],
        undefined,
        'int32',
      );
      const err = await rejectsWithoutLeak(() => decode(t));
      expect(err.message).toMatch(/`source\[1\]\[1\]` is 11\./);
      t.dispose();
    });
  }

  it('decoders reject unknown options', () => {
    expect(() => greedy(model, [[4]], { maxLen: 3 } as never)).toThrow(/Unknown option `maxLen` in GreedyArgs/);
    expect(() => sample(model, [[4]], { temp: 0.5 } as never)).toThrow(/Unknown option `temp` in SampleArgs/);
    expect(() => beamSearch(model, [[4]], { beamSize: 3 } as never)).toThrow(/Unknown option `beamSize` in BeamSearchArgs/);
    expect(() => sample(model, [[4]], { topK: 0 })).toThrow(/`topK`.*0/);
    expect(() => sample(model, [[4]], { rng: 5 } as never)).toThrow(/`rng` to be a function/);
  });

  it('sequenceLoss rejects labels outside the logits vocabulary and leaks nothing', async () => {
    const logits = tf.zeros([1, 2, 12]) as tf.Tensor3D;
    const labels = tf.tensor2d([[5, 12]], undefined, 'int32');
    const err = await rejectsWithoutLeak(() => sequenceLoss(logits, labels));
    expect(err.message).toMatch(/`labels` to be an integer in \[0, 12\).*`labels\[0\]\[1\]` is 12\./);
    const ok = sequenceLoss(logits, tf.tensor2d([[5, 0]], undefined, 'int32'));
    expect(ok.dataSync()[0]).toBeCloseTo(Math.log(12), 5); // uniform logits: -log(1/12) on the one real token
    tf.dispose([logits, labels, ok]);
  });

  it('fit, Trainer.fit and evaluate reject empty data and ids out of range before any step, leaking nothing', async () => {
    const good = [
      { source: [4, 5], target: [5, 4, 2] },
      { source: [6, 7], target: [7, 6, 2] },
    ];
    await fit(model, good, { epochs: 1, progressBar: false }); // warm-up
    const badTarget = [...good, { source: [4, 6], target: [6, 12, 2] }];
    let err = await rejectsWithoutLeak(() => fit(model, badTarget, { epochs: 1, progressBar: false }));
    expect(err.message).toMatch(/`data\[2\]\.target` to be an integer in \[0, 12\) \(the model's targetVocabSize\), but `data\[2\]\.target\[1\]` is 12\./);
    err = await rejectsWithoutLeak(() => fit(model, [...good, { source: [4, 2.5], target: [2] }], { epochs: 1, progressBar: false }));
    expect(err.message).toMatch(/`data\[2\]\.source\[1\]` is 2\.5\./);
    err = await rejectsWithoutLeak(() => fit(model, [], { progressBar: false }));
    expect(err.message).toMatch(/`data` to hold at least one pair or batch, but it is empty/);
    const batches = [{ source: { values: [[4, 11]] }, target: { values: [[5, 2]] } }];
    err = await rejectsWithoutLeak(() => fit(model, batches, { progressBar: false }));
    expect(err.message).toMatch(/`data\[0\]\.source\.values\[0\]\[1\]` is 11\./);
    err = await rejectsWithoutLeak(() => fit(model, () => batches, { progressBar: false }));
    expect(err.message).toMatch(/`data\(0\)\[0\]\.source\.values\[0\]\[1\]` is 11\./);
    err = await rejectsWithoutLeak(() => fit(model, () => [], { progressBar: false }));
    expect(err.message).toMatch(/`data\(0\)` to yield at least one batch/);
    err = await rejectsWithoutLeak(() => fit(model, good, { progressBar: false, validationData: badTarget }));
    expect(err.message).toMatch(/`validationData\[2\]\.target\[1\]` is 12\./);
    err = await rejectsWithoutLeak(() => evaluate(model, badTarget));
    expect(err.message).toMatch(/`data\[2\]\.target\[1\]` is 12\./);
    await rejectsWithoutLeak(() => evaluate(model, good, { metrics: ['los' as never] }));
    await rejectsWithoutLeak(() => evaluate(model, good, { batch: 3 } as never));
    // A Trainer that failed on bad data still works on good data.
    const t = new Trainer(model, { epochs: 1, progressBar: false });
    await expect(t.fit(badTarget)).rejects.toThrow(ValueError);
    expect(t.step).toBe(0);
    await t.fit(good);
    expect(t.step).toBe(1);
    t.dispose();
  });
});
