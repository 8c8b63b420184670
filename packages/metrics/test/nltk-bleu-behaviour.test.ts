import { corpusBleu, sentenceBleu } from '../src/index.js';

const ref = 'the cat is on the mat'.split(' ');

describe('sentenceBleu / corpusBleu behaviour and quirks (#4)', () => {
  it('method0 returns a tiny positive number (not 0) for a zero-match order and warns once per order', () => {
    const warnings: string[] = [];
    const s = sentenceBleu([ref], 'the cat sat on the mat'.split(' '), { warn: (m) => warnings.push(m) });
    expect(s).toBeGreaterThan(0);
    expect(s).toBeLessThan(1e-70);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/0 counts of 4-gram overlaps/);
  });

  it('returns exactly 0 with no unigram match, whatever the smoothing', () => {
    for (const smoothing of ['method0', 'method1', 'method4', 'method7'] as const) {
      expect(sentenceBleu([ref], ['dog'], { smoothing })).toBe(0);
    }
  });

  it('method1 gives the textbook smoothed value', () => {
    // p = 5/6, 3/5, 1/4, 0.1/3; BP = 1
    const expected = Math.exp((Math.log(5 / 6) + Math.log(3 / 5) + Math.log(1 / 4) + Math.log(0.1 / 3)) / 4);
    expect(sentenceBleu([ref], 'the cat sat on the mat'.split(' '), { smoothing: 'method1' })).toBeCloseTo(expected, 14);
  });

  it('autoReweigh uses 1/len weights for a short hypothesis with the default weights only', () => {
    expect(sentenceBleu([['a', 'b']], ['a', 'b'], { autoReweigh: true })).toBe(1);
    expect(sentenceBleu([['a', 'b']], ['a', 'b'], { autoReweigh: true, weights: [0.5, 0.5] })).toBe(1);
  });

  it('method6 throws where NLTK raises (fewer than 3 orders, or no 3-gram match)', () => {
    expect(() => sentenceBleu([ref], ref, { smoothing: 'method6', weights: [0.5, 0.5] })).toThrow(/`weights`.*at least 3 n-gram orders.*method6.*got 2/);
    expect(() => sentenceBleu([ref], ['the', 'cat'], { smoothing: 'method6' })).toThrow(/non-zero 3-gram precision.*method6/);
  });

  it('rejects bad input with errors naming the argument', () => {
    expect(() => sentenceBleu(ref as unknown as string[][], ref)).toThrow(/`references\[0\]`.*list of string tokens/);
    expect(() => sentenceBleu([], ref)).toThrow(/`references`.*non-empty list/);
    expect(() => sentenceBleu([ref], 'the cat' as unknown as string[])).toThrow(/`hypothesis`.*list of string tokens.*"the cat"/);
    expect(() => sentenceBleu([ref], ref, { weights: [] })).toThrow(/`weights`.*non-empty array/);
    expect(() => sentenceBleu([ref], ref, { weights: [0.5, 0.6] })).toThrow(/`weights`.*sum to 1.*sum 1\.1/);
    expect(() => sentenceBleu([ref], ref, { weights: [1.5, -0.5] })).toThrow(/`weights`.*>= 0/);
    expect(() => sentenceBleu([ref], ref, { smoothing: 'method8' as never })).toThrow(/`smoothing`.*one of.*"method8"/);
    expect(() => sentenceBleu([ref], ref, { k: 0 })).toThrow(/`k` to be a finite number > 0, but got 0/);
    expect(() => sentenceBleu([ref], ref, { epsilon: -0.1 })).toThrow(/`epsilon` to be a finite number >= 0, but got -0\.1/);
    expect(() => sentenceBleu([ref], ref, { smooth: 'method1' } as never)).toThrow(/Unknown option `smooth`/);
    expect(() => corpusBleu([[ref]], [ref, ref])).toThrow(/`listOfReferences` and `hypotheses`.*same length.*1 and 2/);
    expect(() => corpusBleu([[ref], 'x' as never], [ref, ref])).toThrow(/`listOfReferences\[1\]`/);
  });

  it('scores an empty corpus 0', () => {
    expect(corpusBleu([], [])).toBe(0);
  });
});

describe('documented @example values (checked with NLTK 3.8)', () => {
  it('sentenceBleu examples', () => {
    const hyp = 'the cat sat on the mat'.split(' ');
    expect(sentenceBleu([ref], hyp)).toBeCloseTo(7.262123179505913e-78, 90);
    expect(sentenceBleu([ref], hyp, { smoothing: 'method1' })).toBeCloseTo(0.25406637407730737, 14);
  });
  it('corpusBleu example', () => {
    const v = corpusBleu(
      [[['the', 'cat', 'sat']], [['a', 'dog', 'ran', 'away']]],
      [
        ['the', 'cat', 'sat'],
        ['a', 'dog', 'ran', 'off'],
      ],
      { weights: [0.5, 0.5] },
    );
    expect(v).toBeCloseTo(0.828078671210825, 14);
  });
});
