import { jest } from '@jest/globals';
import { Rng, setupBackend } from '@rnn/core/node';
import type { TaggedSentence } from '@rnn/data';
import * as tf from '@tensorflow/tfjs';
import { TaggingVocabularies } from '../src/data/tagging-vocabularies.js';
import { WORD_SHAPES } from '../src/data/word-shape.js';
import { scoreTagging } from '../src/eval/tagging-scores.js';
import { PosTagger } from '../src/model/pos-tagger.js';

const TRAIN: TaggedSentence[] = [
  { words: ['the', 'dog', 'runs'], tags: ['DT', 'NN', 'VBZ'] },
  { words: ['the', 'cat', 'runs', 'fast'], tags: ['DT', 'NN', 'VBZ', 'RB'] },
  { words: ['a', 'dog'], tags: ['DT', 'NN'] },
];

beforeAll(async () => {
  await setupBackend({ backend: 'wasm' });
  const warn = console.warn;
  jest.spyOn(console, 'warn').mockImplementation((...a: unknown[]) => {
    if (!String(a[0]).startsWith('Orthogonal initializer')) warn(...a);
  });
});
afterAll(() => jest.restoreAllMocks());

describe('TaggingVocabularies', () => {
  const v = TaggingVocabularies.fromSentences(TRAIN);

  it('builds words and tags from train with <pad>=0 and <unk>=3, unseen words → <unk>', () => {
    expect(v.words.tokens).toEqual(['<pad>', '<bos>', '<eos>', '<unk>', 'the', 'dog', 'runs', 'cat', 'fast', 'a']);
    expect(v.tags.tokens.slice(4)).toEqual(['DT', 'NN', 'VBZ', 'RB']);
    expect(v.numClasses).toBe(8);
    expect(v.firstTagId).toBe(4);
    expect(v.encodeWords(['the', 'zebra', 'Dog'])).toEqual([4, 3, 3]); // case-sensitive
    expect(v.isKnown('cat')).toBe(true);
    expect(v.isKnown('zebra')).toBe(false);
  });

  it('feeds words seen once in train as <unk> with the given probability, and never without an rng', () => {
    const words = ['the', 'cat', 'fast', 'a', 'dog'];
    expect(v.encodeWords(words, { unkReplaceProbability: 1 })).toEqual([4, 7, 8, 9, 5]);
    expect(v.encodeWords(words, { unkReplaceProbability: 1, rng: new Rng(1) })).toEqual([4, 3, 3, 3, 5]);
    expect(v.encodeWords(words, { unkReplaceProbability: 0, rng: new Rng(1) })).toEqual([4, 7, 8, 9, 5]);
  });

  it('round-trips through JSON', () => {
    const back = TaggingVocabularies.fromJSON(JSON.parse(JSON.stringify(v.toJSON())));
    expect(back.words.tokens).toEqual(v.words.tokens);
    expect(back.tags.tokens).toEqual(v.tags.tokens);
    expect(back.encodeWords(['cat'], { unkReplaceProbability: 1, rng: new Rng(1) })).toEqual([3]);
    expect(() => TaggingVocabularies.fromJSON({} as never)).toThrow(/vocabularies.json to hold \{ words, tags, rareWords, oov \}/);
  });
});

describe("TaggingVocabularies with oov: 'shape'", () => {
  const v = TaggingVocabularies.fromSentences(TRAIN, { oov: 'shape' });

  it('puts the 12 shape tokens first and feeds an unseen word as its shape', () => {
    expect(v.words.tokens.slice(4, 16)).toEqual([...WORD_SHAPES]);
    expect(v.words.tokens.slice(16)).toEqual(['the', 'dog', 'runs', 'cat', 'fast', 'a']);
    const id = (t: string): number => v.words.tokenToId(t);
    expect(v.encodeWords(['the', 'Zebra', 'zebras', '42', 'dog'])).toEqual([id('the'), id('<unk-cap>'), id('<unk-s>'), id('<unk-num>'), id('dog')]);
    expect(v.isKnown('Zebra')).toBe(false);
    // Rare training words are replaced by their shape, not by the plain <unk>.
    expect(v.encodeWords(['cat', 'fast'], { unkReplaceProbability: 1, rng: new Rng(1) })).toEqual([id('<unk-lower>'), id('<unk-lower>')]);
    expect(TaggingVocabularies.fromJSON(JSON.parse(JSON.stringify(v.toJSON()))).encodeWords(['Zebra'])).toEqual([id('<unk-cap>')]);
  });
});

describe('PosTagger.predict', () => {
  const v = TaggingVocabularies.fromSentences(TRAIN);
  const words = TRAIN.map((s) => s.words);
  const gold = TRAIN.map((s) => s.tags);

  it.each([null, 3])('returns masked accuracy equal to the token accuracy of its own tags, without leaking (inputLength %p)', (inputLength) => {
    const tagger = PosTagger.create(v, { embeddingDim: 4, dropout: 0.1, units: 3, inputLength });
    const before = tf.memory().numTensors;
    const r = tagger.predict(words, gold, 2);
    expect(tf.memory().numTensors).toBe(before);
    expect(r.tags.map((t) => t.length)).toEqual([3, 4, 2]); // the 4-word sentence is tagged in two chunks when inputLength is 3
    for (const t of r.tags.flat()) expect(['DT', 'NN', 'VBZ', 'RB']).toContain(t); // never <pad>/<unk>
    const s = scoreTagging(
      TRAIN.map((x, i) => ({ words: x.words, gold: x.tags, predicted: r.tags[i]! })),
      () => true,
    );
    expect(r.maskedAccuracy).toBeCloseTo(s.accuracy, 6);
    expect(Number.isNaN(tagger.predict(words).maskedAccuracy)).toBe(true);
    tagger.dispose();
  });
});
