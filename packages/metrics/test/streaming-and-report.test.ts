import { setupBackend } from '@rnn/core/node';
import * as tf from '@tensorflow/tfjs';
import { classificationReport, confusionMatrix, Mean, perplexity, SparseCategoricalAccuracy } from '../src/index.js';

beforeAll(async () => {
  await setupBackend({ backend: 'cpu' });
});

describe('Mean', () => {
  it('keeps a weighted running mean of numbers, arrays and tensors, and resets', () => {
    const m = new Mean();
    expect(m.result()).toBe(0);
    const t = tf.scalar(8);
    m.update(2).update([4, 6]).update(t, 2);
    t.dispose();
    expect(m.result()).toBeCloseTo(5.6, 15);
    m.reset();
    expect(m.result()).toBe(0);
    expect(() => m.update(1, -1)).toThrow(/`weight`.*>= 0.*-1/);
    expect(() => m.update([Number.NaN])).toThrow(/`values`.*finite/);
  });
});

describe('SparseCategoricalAccuracy', () => {
  it('accumulates exact counts across batches (token-weighted), with and without a mask', () => {
    const acc = new SparseCategoricalAccuracy({ maskValue: 0 });
    acc.update(
      [[1, 2, 0]],
      [
        [
          [0, 1, 0],
          [0, 1, 0],
          [1, 0, 0],
        ],
      ],
    );
    const yt = tf.tensor2d([[2, 0, 0]]);
    const yp = tf.tensor3d([
      [
        [0, 0, 1],
        [1, 0, 0],
        [1, 0, 0],
      ],
    ]);
    acc.update(yt, yp);
    tf.dispose([yt, yp]);
    expect(acc.result()).toBeCloseTo(2 / 3, 15);
    expect(acc.count).toBe(3);
    const all = new SparseCategoricalAccuracy();
    all.update(
      [[1, 2, 0]],
      [
        [
          [0, 1, 0],
          [0, 1, 0],
          [1, 0, 0],
        ],
      ],
    );
    expect(all.result()).toBeCloseTo(2 / 3, 15); // the padded 0 predicted as 0 counts here
    acc.reset();
    expect(acc.result()).toBe(0);
    expect(() => new SparseCategoricalAccuracy({ maskValue: 'x' as never })).toThrow(/`maskValue`/);
  });
});

describe('perplexity', () => {
  it('is exp of the mean cross-entropy in nats', () => {
    expect(perplexity(Math.log(50))).toBeCloseTo(50, 12);
    expect(perplexity(0)).toBe(1);
    expect(() => perplexity(-1)).toThrow(/`meanCrossEntropyNats`.*>= 0.*-1/);
    expect(() => perplexity(Number.NaN)).toThrow(/`meanCrossEntropyNats`/);
  });
});

describe('confusionMatrix / classificationReport', () => {
  it('counts truth × prediction and derives precision/recall/F1 (values checked against scikit-learn)', () => {
    const m = confusionMatrix([0, 1, 1, 2, 2, 2, 0], [0, 1, 2, 2, 2, 0, 1], 3);
    expect(m).toEqual([
      [1, 1, 0],
      [0, 1, 1],
      [1, 0, 2],
    ]);
    const r = classificationReport(m);
    expect(r.perClass[0]).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
    expect(r.perClass[1]).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
    expect(r.perClass[2]!.precision).toBeCloseTo(2 / 3, 15);
    expect(r.perClass[2]!.recall).toBeCloseTo(2 / 3, 15);
    // sklearn: f1_score(average='macro') = 0.5555555555555555, weighted = 0.5714285714285714
    expect(r.macro.f1).toBeCloseTo(0.5555555555555555, 15);
    expect(r.weighted.f1).toBeCloseTo(0.5714285714285714, 15);
    expect(r.accuracy).toBeCloseTo(4 / 7, 15);
  });

  it('gives 0 for classes never predicted or never present', () => {
    const r = classificationReport(confusionMatrix([0, 0], [0, 0], 2));
    expect(r.perClass[1]).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
    expect(r.macro.f1).toBe(0.5);
  });

  it('rejects bad ids, lengths and matrices', () => {
    expect(() => confusionMatrix([0, 3], [0, 1], 3)).toThrow(/`labels\[1\]`.*\[0, 3\).*3/);
    expect(() => confusionMatrix([0], [0, 1], 3)).toThrow(/same length.*1 and 2/);
    expect(() => confusionMatrix([0], [0], 0)).toThrow(/`numClasses`/);
    expect(() => classificationReport([[1, 2]])).toThrow(/`matrix`.*square/);
  });
});
