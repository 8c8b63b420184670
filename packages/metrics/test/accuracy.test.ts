import { setupBackend } from '@rnn/core/node';
import * as tf from '@tensorflow/tfjs';
import { maskedAccuracy, maskedAccuracyMetric, maskedSparseCategoricalCrossentropy, maskedSparseCategoricalCrossentropyLoss } from '../src/index.js';

beforeAll(async () => {
  await setupBackend({ backend: 'cpu' });
});

/** One-hot-ish scores whose argmax is `cls`, for `classes` classes. */
const scores = (cls: number, classes = 4): number[] => Array.from({ length: classes }, (_, c) => (c === cls ? 0.7 : 0.1));

/**
 * The "both label and prediction are padding" masking of a well-known Keras POS-tagging tutorial,
 * written out here only to show how it differs from label masking.
 */
function bothPaddingAccuracy(labels: number[][], predicted: number[][], pad = 0): number {
  let hit = 0;
  let n = 0;
  for (let b = 0; b < labels.length; b++) {
    for (let t = 0; t < labels[b]!.length; t++) {
      const l = labels[b]![t]!;
      const p = predicted[b]![t]!;
      if (l === pad && p === pad) continue;
      n += 1;
      if (l === p) hit += 1;
    }
  }
  return hit / n;
}

describe('maskedAccuracy', () => {
  const labels = [[3, 1, 0, 0]];
  const predicted = [[3, 2, 2, 0]];
  const yPred = [predicted[0]!.map((c) => scores(c))];

  it('counts only positions whose label is not padding, and differs from both-padding masking', () => {
    expect(maskedAccuracy(labels, yPred)).toBe(0.5); // 1 of 2 real tokens
    expect(bothPaddingAccuracy(labels, predicted)).toBeCloseTo(1 / 3, 15); // padded t=2 tagged 2 counts as an error
    const t = maskedAccuracy(tf.tensor2d(labels), tf.tensor3d(yPred));
    expect(t.shape).toEqual([]);
    expect(t.dataSync()[0]).toBeCloseTo(0.5, 6);
    t.dispose();
  });

  it('both-padding masking also inflates: a real token predicted as padding drops out', () => {
    const l = [[1, 2, 2, 0]];
    const p = [[1, 0, 0, 0]];
    expect(bothPaddingAccuracy(l, p)).toBeCloseTo(1 / 3, 15);
    expect(maskedAccuracy(l, [p[0]!.map((c) => scores(c))])).toBeCloseTo(1 / 3, 15);
    // ...and with predictions of padding at padded slots plus one wrong real token it reports more than label masking:
    const l2 = [[1, 2, 0, 0]];
    const p2 = [[1, 3, 1, 1]];
    expect(bothPaddingAccuracy(l2, p2)).toBe(0.25);
    expect(maskedAccuracy(l2, [p2[0]!.map((c) => scores(c))])).toBe(0.5);
  });

  it('accepts one-hot labels (all-zero rows are padding) and [batch, time, 1] labels', () => {
    const oneHot = [
      [
        [0, 0, 0, 1],
        [0, 1, 0, 0],
        [0, 0, 0, 0],
        [1, 0, 0, 0],
      ],
    ];
    expect(maskedAccuracy(oneHot, yPred)).toBe(0.5);
    const r = maskedAccuracy(tf.tensor3d(oneHot), tf.tensor3d(yPred));
    expect(r.dataSync()[0]).toBeCloseTo(0.5, 6);
    r.dispose();
    const r1 = maskedAccuracy(tf.tensor3d([[[3], [1], [0], [0]]]), tf.tensor3d(yPred));
    expect(r1.dataSync()[0]).toBeCloseTo(0.5, 6);
    r1.dispose();
  });

  it('honours maskValue and returns 0 when everything is masked', () => {
    expect(maskedAccuracy([[3, 1, 0, 0]], yPred, { maskValue: -1 })).toBe(0.5); // 3✓ 1✗ 0✗ 0✓
    expect(maskedAccuracy([[0, 0]], [[scores(1), scores(0)]])).toBe(0);
    const z = maskedAccuracy(tf.tensor2d([[0, 0]]), tf.tensor3d([[scores(1), scores(0)]]));
    expect(z.dataSync()[0]).toBe(0);
    z.dispose();
  });

  it('rejects mismatched shapes and mixed inputs, naming the argument', () => {
    expect(() => maskedAccuracy([[1, 2, 3]], yPred)).toThrow(/`yTrue`.*sparse labels \[1,4\].*got shape \[1,3\]/);
    expect(() =>
      maskedAccuracy(
        [[1, 2], [1]],
        [
          [scores(1), scores(2)],
          [scores(1), scores(2)],
        ],
      ),
    ).toThrow(/`yTrue`.*rectangular/);
    expect(() => maskedAccuracy(tf.tensor2d([[1, 2, 3]]), tf.tensor3d(yPred))).toThrow(/`yTrue`.*\[1,3\]/);
    expect(() => maskedAccuracy(tf.tensor2d(labels), yPred as never)).toThrow(/both tensors or both arrays/);
    expect(() => maskedAccuracy(labels, yPred, { maskValue: 'pad' as never })).toThrow(/`maskValue`.*"pad"/);
  });
});

describe('maskedSparseCategoricalCrossentropy', () => {
  it('averages -log p over unmasked positions (probabilities)', () => {
    const probs = tf.tensor3d([
      [
        [0.1, 0.7, 0.2],
        [0.3, 0.3, 0.4],
        [0.9, 0.05, 0.05],
      ],
    ]);
    const l = maskedSparseCategoricalCrossentropy(tf.tensor2d([[1, 2, 0]]), probs);
    expect(l.dataSync()[0]).toBeCloseTo((-Math.log(0.7) - Math.log(0.4)) / 2, 5);
    tf.dispose([probs, l]);
  });

  it('uses log-softmax with fromLogits and ignores padded positions', () => {
    const l = maskedSparseCategoricalCrossentropy(
      tf.tensor2d([[1, 0]]),
      tf.tensor3d([
        [
          [0, 2],
          [5, 0],
        ],
      ]),
      { fromLogits: true },
    );
    expect(l.dataSync()[0]).toBeCloseTo(Math.log(1 + Math.exp(-2)), 6); // 0.126928
    l.dispose();
  });

  it('equals the one-hot form and gives 0 (with finite zero gradients) when everything is masked', () => {
    const logits = tf.tensor3d([
      [
        [0.3, 1.2, -0.5],
        [2, 0.1, 0.4],
      ],
    ]);
    const a = maskedSparseCategoricalCrossentropy(tf.tensor2d([[1, 2]]), logits, { fromLogits: true });
    const b = maskedSparseCategoricalCrossentropy(
      tf.tensor3d([
        [
          [0, 1, 0],
          [0, 0, 1],
        ],
      ]),
      logits,
      { fromLogits: true },
    );
    expect(b.dataSync()[0]).toBeCloseTo(a.dataSync()[0]!, 6);
    const g = tf.grad((x: tf.Tensor) => maskedSparseCategoricalCrossentropy(tf.tensor2d([[0, 0]]), x, { fromLogits: true }))(logits);
    expect(Array.from(g.dataSync()).every((v) => v === 0)).toBe(true);
    const z = maskedSparseCategoricalCrossentropy(tf.tensor2d([[0, 0]]), logits, { fromLogits: true });
    expect(z.dataSync()[0]).toBe(0);
    tf.dispose([logits, a, b, g, z]);
  });

  it('rejects bad options and shapes', () => {
    const p = tf.tensor3d([[[0.5, 0.5]]]);
    expect(() => maskedSparseCategoricalCrossentropy(tf.tensor2d([[1, 1]]), p)).toThrow(/`yTrue`.*\[1,1\].*got shape \[1,2\]/);
    expect(() => maskedSparseCategoricalCrossentropy(tf.tensor2d([[1]]), p, { fromLogit: true } as never)).toThrow(/Unknown option `fromLogit`/);
    p.dispose();
  });
});

describe('model.compile integration', () => {
  it('names the metric maskedAccuracy in fit() history and trains with the masked loss', async () => {
    const metric = maskedAccuracyMetric();
    expect(metric.name).toBe('maskedAccuracy');
    expect(maskedSparseCategoricalCrossentropyLoss().name).toBe('maskedSparseCategoricalCrossentropy');
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [4, 2], activation: 'softmax' })] });
    model.compile({ optimizer: tf.train.sgd(0.5), loss: maskedSparseCategoricalCrossentropyLoss(), metrics: [metric] });
    const x = tf.tensor3d(Array.from({ length: 8 }, (_, b) => Array.from({ length: 4 }, (_, t) => [(b + t) % 2, t < 3 ? 1 : 0])));
    const labels = Array.from({ length: 8 }, (_, b) => Array.from({ length: 4 }, (_, t) => (t < 3 ? 1 + ((b + t) % 2) : 0)));
    const y = tf.oneHot(tf.tensor2d(labels, undefined, 'int32'), 3);
    const h = await model.fit(x, y, { epochs: 30, batchSize: 8, verbose: 0 });
    const acc = h.history.maskedAccuracy as number[];
    expect(acc).toHaveLength(30);
    expect(acc[acc.length - 1]).toBe(1);
    const probs = model.predict(x) as tf.Tensor;
    expect(maskedAccuracy(labels, probs.arraySync() as number[][][])).toBe(1);
    tf.dispose([x, y, probs]);
    model.dispose();
  });
});
