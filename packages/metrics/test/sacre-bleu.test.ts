import { readFileSync } from 'node:fs';
import { bleu, corpusBleu, PACKAGE_VERSION, tokenize13a } from '../src/index.js';

describe('tokenize13a (mteval-v13a rules)', () => {
  it.each([
    ['Hello, world!', 'Hello , world !'],
    ['It costs $3.50 (approx.).', 'It costs $ 3.50 ( approx . ) .'],
    ['1,000,000 people', '1,000,000 people'],
    ['end of sentence.', 'end of sentence .'],
    ["It wasn't surprising.", "It wasn't surprising ."], // the apostrophe is not in 13a's symbol ranges
    ['state-of-the-art', 'state-of-the-art'],
    ['1990-2000', '1990 - 2000'],
    ['a&amp;b &lt;tag&gt; &quot;q&quot;', 'a & b < tag > " q "'],
    ['skip <skipped> this', 'skip this'],
    ['hyphen-\nated\nline', 'hyphenated line'],
    ['  many   spaces\there  ', 'many spaces here'],
    ['x.y', 'x . y'],
    ['email@host/path', 'email @ host / path'],
    ['{braces} [brackets] ^caret_ `tick` ~tilde|', '{ braces } [ brackets ] ^ caret _ ` tick ` ~ tilde |'],
  ])('%j → %j', (input, expected) => {
    expect(tokenize13a(input)).toBe(expected);
  });
});

describe('bleu (sacreBLEU default corpus BLEU)', () => {
  const refs = [
    ['The dog bit the man.', 'It was not unexpected.', 'The man bit him first.'],
    ['The dog had bit the man.', 'No one was surprised.', 'The man had bitten the dog.'],
  ];
  const sys = ['The dog bit the man.', "It wasn't surprising.", 'The man had just bitten him.'];

  it("reproduces sacreBLEU's README example (48.530827, 82.4/50.0/45.5/37.5, BP 0.943, 17/18)", () => {
    const r = bleu(sys, refs);
    expect(r.score).toBeCloseTo(48.530827, 6);
    expect(r.precisions.map((p) => Number(p.toFixed(1)))).toEqual([82.4, 50.0, 45.5, 37.5]);
    expect(r.bp).toBeCloseTo(0.943, 3);
    expect(r.sysLen).toBe(17);
    expect(r.refLen).toBe(18);
    expect(r.counts).toEqual([14, 7, 5, 3]);
    expect(r.totals).toEqual([17, 14, 11, 8]);
    expect(r.signature).toBe(`nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|version:${PACKAGE_VERSION}`);
  });

  it('puts the package.json version in the signature', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(PACKAGE_VERSION).toBe(pkg.version);
    expect(bleu(['a'], [['a']]).signature).toBe(`nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:${pkg.version}`);
  });

  it('applies exp smoothing to a zero-match order (hand-checked)', () => {
    const r = bleu(['the cat sat on the mat'], [['the cat is on the mat']]);
    // 1-grams 5/6, 2-grams 3/5, 3-grams 1/4, 4-grams 0/3 → 100/(2·3)
    expect(r.precisions).toEqual([(100 * 5) / 6, 60, 25, 100 / 6]);
    const expected = Math.exp((Math.log((100 * 5) / 6) + Math.log(60) + Math.log(25) + Math.log(100 / 6)) / 4);
    expect(r.score).toBeCloseTo(expected, 12);
    expect(r.bp).toBe(1);
  });

  it('scores 100 for an exact match and 0 for an empty hypothesis', () => {
    // exp(4·ln(100)/4) = 100.00000000000004, exactly what sacreBLEU prints for a perfect match
    expect(bleu(['The cat sat on the mat.'], [['The cat sat on the mat.']]).score).toBe(100.00000000000004);
    const empty = bleu([''], [['the cat sat on the mat']]);
    expect(empty.score).toBe(0);
    expect(empty.bp).toBe(0);
  });

  it('lowercase: true marks case:lc and ignores case', () => {
    const r = bleu(['THE CAT SAT ON THE MAT'], [['the cat sat on the mat']], { lowercase: true });
    expect(r.score).toBeCloseTo(100, 12);
    expect(r.signature).toMatch(/^nrefs:1\|case:lc\|/);
  });

  it('agrees with NLTK corpus_bleu × 100 on tokenized lowercase text where all orders match', () => {
    const hyps = ['the quick brown fox jumps over the lazy dog', 'a man is walking his dog in the park today', 'she sells sea shells by the sea shore'];
    const refs1 = ['the quick brown fox jumped over the lazy dog', 'a man walks his dog in the park today', 'she sells sea shells on the sea shore'];
    const refs2 = ['a quick brown fox jumps over a lazy dog', 'the man is walking the dog in a park', 'she sells shells by the shore'];
    const sacre = bleu(hyps, [refs1, refs2]);
    const nltk = corpusBleu(
      hyps.map((_, i) => [refs1[i]!.split(' '), refs2[i]!.split(' ')]),
      hyps.map((h) => h.split(' ')),
    );
    expect(sacre.counts.every((c) => c > 0)).toBe(true);
    expect(Math.abs(sacre.score - nltk * 100)).toBeLessThan(1e-9);
  });

  it('rejects mismatched reference streams and non-strings, naming the argument', () => {
    expect(() => bleu(['a', 'b'], [['a']])).toThrow(/`references\[0\]`.*one reference per hypothesis \(2\).*got 1/);
    expect(() => bleu(['a'], [])).toThrow(/`references`.*non-empty array of reference streams/);
    expect(() => bleu([1 as unknown as string], [['a']])).toThrow(/`hypotheses`.*array of strings/);
    expect(() => bleu(['a'], [['a']], { tokenize: 'intl' } as never)).toThrow(/Unknown option `tokenize`/);
  });
});
