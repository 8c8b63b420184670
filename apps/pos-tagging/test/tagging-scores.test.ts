import { maskedAccuracy } from '@rnn/metrics';
import { scoreTagging, type TaggedPrediction } from '../src/eval/tagging-scores.js';

const SENTENCES: TaggedPrediction[] = [
  { words: ['The', 'cat', '*T*-1', 'sat'], gold: ['DT', 'NN', '-NONE-', 'VBD'], predicted: ['DT', 'NN', '-NONE-', 'VBN'] },
  { words: ['A', 'zorb', 'ran'], gold: ['DT', 'NN', 'VBD'], predicted: ['DT', 'JJ', 'VBD'] },
];
const KNOWN = new Set(['The', 'cat', 'sat', 'A', 'ran']);
const isKnown = (w: string): boolean => KNOWN.has(w);

describe('scoreTagging', () => {
  const s = scoreTagging(SENTENCES, isKnown);

  it('counts every real token: 5 of 7 right', () => {
    expect(s.tokens).toBe(7);
    expect(s.accuracy).toBeCloseTo(5 / 7, 12);
    expect(s.sentenceAccuracy).toBe(0);
  });

  it('leaves the -NONE- trace tokens out of accuracyWithoutNone (4 of 6)', () => {
    expect(s.tokensWithoutNone).toBe(6);
    expect(s.accuracyWithoutNone).toBeCloseTo(4 / 6, 12);
  });

  it('scores OOV words (*T*-1 right, zorb wrong) apart from known ones (4 of 5)', () => {
    expect(s.oovTokens).toBe(2);
    expect(s.oovAccuracy).toBe(0.5);
    expect(s.knownAccuracy).toBeCloseTo(0.8, 12);
  });

  it('gives per-tag precision/recall/F1 and the macro F1 over supported tags', () => {
    expect(s.tagOrder).toEqual(['DT', 'NN', 'VBD', '-NONE-', 'JJ', 'VBN']);
    const by = Object.fromEntries(s.perTag.map((t) => [t.tag, t]));
    expect(by.DT).toEqual({ tag: 'DT', precision: 1, recall: 1, f1: 1, support: 2 });
    expect(by.NN).toMatchObject({ precision: 1, recall: 0.5, support: 2 });
    expect(by.NN!.f1).toBeCloseTo(2 / 3, 12);
    expect(by.VBD!.f1).toBeCloseTo(2 / 3, 12);
    expect(by.JJ).toEqual({ tag: 'JJ', precision: 0, recall: 0, f1: 0, support: 0 });
    expect(s.macroF1).toBeCloseTo((1 + 2 / 3 + 1 + 2 / 3) / 4, 12);
    expect(s.confusion[1]).toEqual([0, 1, 0, 0, 1, 0]); // NN: once right, once JJ
    expect(s.confusion[2]).toEqual([0, 0, 1, 0, 0, 1]); // VBD: once right, once VBN
  });

  it("agrees with @rnn/metrics' maskedAccuracy on the padded id grid (padding never counted)", () => {
    const ids = new Map(s.tagOrder.map((t, i) => [t, i + 1])); // 0 = padding
    const width = 5;
    const pad = (row: number[]): number[] => [...row, ...new Array(width - row.length).fill(0)];
    const yTrue = SENTENCES.map((x) => pad(x.gold.map((t) => ids.get(t)!)));
    // Padding cells get a WRONG non-padding prediction (class 3): label masking must ignore them.
    const yPred = SENTENCES.map((x) =>
      pad(x.predicted.map((t) => ids.get(t)!)).map((id, j) => {
        const onehot = new Array(s.tagOrder.length + 1).fill(0);
        onehot[j < x.gold.length ? id : 3] = 1;
        return onehot;
      }),
    );
    expect(maskedAccuracy(yTrue, yPred)).toBeCloseTo(s.accuracy, 12);
  });

  it('rejects sentences whose tag arrays differ in length', () => {
    expect(() => scoreTagging([{ words: ['a'], gold: ['DT'], predicted: [] }], isKnown)).toThrow(
      /sentence 0 to have as many words, gold tags and predicted tags, but got 1, 1 and 0/,
    );
    expect(() => scoreTagging([], isKnown)).toThrow(/at least one tagged token/);
  });
});
