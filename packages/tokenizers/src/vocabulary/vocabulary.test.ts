import { FileFormatError } from '@rnn/core';
import { SPECIAL_TOKENS, Vocabulary } from './vocabulary.js';

describe('Vocabulary', () => {
  const texts = ['the cat sat', 'the dog sat', 'a cat', 'zebra'];

  it('reserves <pad>=0, <bos>=1, <eos>=2, <unk>=3 and orders by count then first appearance', () => {
    const v = Vocabulary.fromTexts(texts);
    expect([v.padId, v.bosId, v.eosId, v.unkId]).toEqual([0, 1, 2, 3]);
    expect(v.tokens).toEqual([...SPECIAL_TOKENS, 'the', 'cat', 'sat', 'dog', 'a', 'zebra']);
    expect(v.size).toBe(10);
  });

  it('applies minFrequency and maxSize (maxSize counts the reserved tokens)', () => {
    expect(Vocabulary.fromTexts(texts, { minFrequency: 2 }).tokens.slice(4)).toEqual(['the', 'cat', 'sat']);
    expect(Vocabulary.fromTexts(texts, { maxSize: 6 }).tokens.slice(4)).toEqual(['the', 'cat']);
    expect(Vocabulary.fromTexts(texts, { maxSize: 4 }).size).toBe(4);
  });

  it('builds from counts, merging and ignoring reserved tokens', () => {
    const v = Vocabulary.fromCounts([
      ['x', 1],
      ['y', 3],
      ['<unk>', 50],
      ['x', 3],
    ]);
    expect(v.tokens.slice(4)).toEqual(['x', 'y']);
    expect(Vocabulary.fromCounts({ b: 2, a: 2, c: 5 }).tokens.slice(4)).toEqual(['c', 'b', 'a']);
  });

  it('encodes unknown tokens as <unk> and adds <bos>/<eos> when asked', () => {
    const v = Vocabulary.fromTexts(texts);
    expect(v.encode('the moon sat', { addBos: true, addEos: true })).toEqual([1, 4, 3, 6, 2]);
    expect(v.encode(['cat', 'unicorn'])).toEqual([5, 3]);
    expect(v.tokenToId('unicorn')).toBe(3);
  });

  it('decodes, stopping at <eos> and skipping reserved tokens when asked', () => {
    const v = Vocabulary.fromTexts(texts);
    expect(v.decode([1, 4, 5, 2, 6, 0])).toBe('<bos> the cat <eos> sat <pad>');
    expect(v.decode([1, 4, 5, 2, 6, 0], { stopAtEos: true })).toBe('<bos> the cat');
    expect(v.decode([1, 4, 3, 5, 2, 6], { stopAtEos: true, skipSpecial: true })).toBe('the cat');
    expect(v.decodeTokens([4, 0, 0], { skipSpecial: true })).toEqual(['the']);
  });

  it('throws naming the id and the size for an id outside the vocabulary', () => {
    const v = Vocabulary.fromTexts(texts);
    expect(() => v.decode([4, 10])).toThrow(/\[0, 10\).*size 10.*got 10/);
    expect(() => v.decode([-1])).toThrow(/size 10.*-1/);
    expect(() => v.idToToken(1.5)).toThrow(/1\.5/);
  });

  it('works at character level', () => {
    const v = Vocabulary.fromTexts(['abba', 'cab 😀'], { mode: 'char' });
    expect(v.tokens.slice(4)).toEqual(['a', 'b', 'c', ' ', '😀']);
    const ids = v.encode('bad😀', { addEos: true });
    expect(ids).toEqual([5, 4, 3, 8, 2]);
    expect(v.decode(ids, { stopAtEos: true })).toBe('ba<unk>😀');
  });

  it('round-trips through JSON with a format version', () => {
    const v = Vocabulary.fromTexts(['xy yz'], { mode: 'char' });
    const json = JSON.parse(JSON.stringify(v));
    expect(json).toMatchObject({ format: 'rnn-ts.vocabulary', version: 1, mode: 'char' });
    const again = Vocabulary.fromJSON(json);
    expect(again.tokens).toEqual(v.tokens);
    expect(again.mode).toBe('char');
    expect(again.encode('zyx')).toEqual(v.encode('zyx'));
    expect(() => Vocabulary.fromJSON({ ...json, version: 2 })).toThrow(/version.*1.*got 2/);
    expect(() => Vocabulary.fromJSON({ ...json, format: 'x' })).toThrow(FileFormatError);
    expect(() => Vocabulary.fromJSON({ ...json, tokens: ['a'] })).toThrow(/start with <pad>/);
  });

  it('rejects bad options naming the argument and value', () => {
    expect(() => Vocabulary.fromTexts(texts, { minFreq: 2 } as never)).toThrow(/Unknown option `minFreq`/);
    expect(() => Vocabulary.fromTexts(texts, { maxSize: 3 })).toThrow(/`maxSize`.*integer >= 4.*3/);
    expect(() => Vocabulary.fromTexts(texts, { minFrequency: 0 })).toThrow(/`minFrequency`.*0/);
    expect(() => Vocabulary.fromTexts([7 as never])).toThrow(/`texts\[0\]`.*7/);
    expect(() => new Vocabulary(['a', 'a'])).toThrow(/distinct.*"a"/);
    expect(() => new Vocabulary(['<eos>'])).toThrow(/"<eos>"/);
  });
});
