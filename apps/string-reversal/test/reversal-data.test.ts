import { makeReversalData, reverseString } from '../src/gru/reversal-data.js';

const ARGS = { alphabet: 'abcdefghijklmnopqrst', minLength: 1, maxLength: 10, trainSize: 2000, testSize: 500, seed: 3 };

describe('makeReversalData', () => {
  it('never puts a held-out string in any epoch of training', () => {
    const d = makeReversalData(ARGS);
    const test = new Set(d.test);
    expect(test.size).toBe(500);
    for (const epoch of [0, 1, 5]) {
      const train = d.trainEpoch(epoch);
      expect(train).toHaveLength(2000);
      expect(train.filter((s) => test.has(s))).toEqual([]);
    }
    expect(d.train).toEqual(d.trainEpoch(0));
  });

  it('draws lengths 1-10 over the alphabet, fresh strings each epoch, deterministically by seed', () => {
    const d = makeReversalData(ARGS);
    const lengths = new Set(d.trainEpoch(0).map((s) => s.length));
    expect([...lengths].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(d.trainEpoch(0).every((s) => /^[a-t]{1,10}$/.test(s))).toBe(true);
    expect(d.trainEpoch(1)).not.toEqual(d.trainEpoch(0));
    expect(makeReversalData(ARGS).test).toEqual(d.test);
    expect(makeReversalData({ ...ARGS, seed: 4 }).test).not.toEqual(d.test);
    expect(d.vocab.size).toBe(4 + 20);
  });

  it('holds out at most 10% of the strings of one length, so every length is trained on', () => {
    const d = makeReversalData(ARGS);
    const count = (len: number, list: readonly string[]) => list.filter((s) => s.length === len).length;
    expect(count(1, d.test)).toBe(2); // floor(0.1 * 20)
    expect(count(2, d.test)).toBeLessThanOrEqual(40);
    expect(new Set(d.trainEpoch(0).filter((s) => s.length === 1)).size).toBe(18);
    expect(() => makeReversalData({ ...ARGS, alphabet: 'ab', maxLength: 3, testSize: 10 })).toThrow(
      /Expected room for 10 held-out strings \(at most 0.1 of each length\), but only 0 fit/,
    );
    expect(() => makeReversalData({ ...ARGS, maxLength: 0 })).toThrow(/`maxLength`/);
  });

  it('reverses by code point', () => {
    expect(reverseString('abc')).toBe('cba');
    expect(reverseString('')).toBe('');
  });
});
