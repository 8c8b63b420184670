import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSentimentLabelled, type SentimentRecord, split } from '@rnn/data/node';
import { dedupeKey, encode, fitTokenizer, loadSplits, vocabularySize } from '../src/data.js';

const here = dirname(fileURLToPath(import.meta.url));
const dataRoot = process.env.RNN_DATA_DIR ?? resolve(here, '..', '..', '..', '..', 'shared', 'data');
const corpus = join(dataRoot, 'sentiment');
const haveCorpus = existsSync(join(corpus, 'imdb_labelled.txt'));
if (!haveCorpus) console.warn(`data.test: ${corpus} is absent (set RNN_DATA_DIR); the real-corpus tests are skipped.`);
const onCorpus = haveCorpus ? it : it.skip;
const RATIOS = [0.7, 0.1, 0.2] as const;

describe('dedupe before split', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'sentiment-data-'));
    // Duplicates inside a file and across files, and variants that differ only in case/punctuation.
    writeFileSync(join(tmp, 'amazon_cells_labelled.txt'), 'Great phone!\t1\nBad battery.\t0\ngreat phone.\t1\nWorks well\t1\n');
    writeFileSync(join(tmp, 'imdb_labelled.txt'), 'Bad battery.  \t0\nA dull film.  \t0\nLoved it  \t1\n');
    writeFileSync(join(tmp, 'yelp_labelled.txt'), 'Loved it!\t1\nCold food.\t0\nGREAT PHONE\t1\n');
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('keys sentences on the words the tokenizer sees', () => {
    expect(dedupeKey('Great phone!')).toBe('great phone');
    expect(dedupeKey('  GREAT   phone. ')).toBe('great phone');
    expect(dedupeKey("Don't!")).toBe("don't");
  });

  it('collapses exact and case/punctuation duplicates, whatever the seed', async () => {
    for (const seed of [1, 2, 3, 42]) {
      const s = await loadSplits(tmp, { seed, ratios: RATIOS });
      expect(s.report.total).toBe(10);
      expect(s.report.duplicatesRemoved).toBe(4); // great phone ×3 → 1, bad battery ×2 → 1, loved it ×2 → 1
      const all = [...s.train, ...s.val, ...s.test].map((r) => dedupeKey(r.text)).sort();
      expect(all).toEqual(['a dull film', 'bad battery', 'cold food', 'great phone', 'loved it', 'works well']);
    }
  });

  it('keeps the first lines of each source with limit', async () => {
    const s = await loadSplits(tmp, { seed: 1, ratios: RATIOS, limit: 1 });
    expect(s.report.total).toBe(3);
    expect([...s.train, ...s.val, ...s.test].map((r) => r.text).sort()).toEqual(['Bad battery.', 'Great phone!', 'Loved it!']);
  });

  onCorpus('leaves no test sentence in train or validation on the real corpus (3 seeds)', async () => {
    for (const seed of [42, 43, 44]) {
      const s = await loadSplits(corpus, { seed, ratios: RATIOS });
      expect(s.report.total).toBe(3000);
      expect(s.report.duplicatesRemoved).toBe(28);
      expect(s.report.sizes).toEqual({ train: 2080, val: 298, test: 594 });
      const seen = new Set([...s.train, ...s.val].map((r) => dedupeKey(r.text)));
      const seenRaw = new Set([...s.train, ...s.val].map((r) => r.text));
      expect(s.test.filter((r) => seen.has(dedupeKey(r.text)) || seenRaw.has(r.text))).toEqual([]);
      const trainKeys = new Set(s.train.map((r) => dedupeKey(r.text)));
      expect(s.val.filter((r) => trainKeys.has(dedupeKey(r.text)))).toEqual([]);
    }
  });

  onCorpus('would leak without the dedupe (so the previous test can fail)', async () => {
    const records = await readSentimentLabelled(corpus);
    const s = split(records, { ratios: RATIOS, seed: 42 });
    const train = new Set(s.train.map((r) => dedupeKey(r.text)));
    expect(s.test.filter((r) => train.has(dedupeKey(r.text))).length).toBeGreaterThan(0);
  });
});

describe('tokenizer on train only', () => {
  it('maps words never seen in training to <OOV> (index 1) and pads at the front', () => {
    const tok = fitTokenizer([
      { text: 'good good phone', label: 1, source: 'amazon' },
      { text: 'bad phone', label: 0, source: 'amazon' },
    ]);
    expect(tok.wordIndex.get('<OOV>')).toBe(1);
    const good = tok.wordIndex.get('good') as number;
    const phone = tok.wordIndex.get('phone') as number;
    expect(encode(tok, ['Good zzz phone!'], 5)).toEqual([[0, 0, good, 1, phone]]);
    expect(encode(tok, ['good good good phone phone phone'], 4)).toEqual([[good, phone, phone, phone]]);
  });

  it('with minWordCount 2 maps training words seen once to <OOV> too, and sizes the embedding to the kept words', () => {
    const train: SentimentRecord[] = [
      { text: 'good good phone', label: 1, source: 'amazon' },
      { text: 'bad phone battery', label: 0, source: 'amazon' },
    ];
    const tok = fitTokenizer(train, 2);
    const good = tok.wordIndex.get('good') as number;
    const phone = tok.wordIndex.get('phone') as number;
    expect([good, phone].sort()).toEqual([2, 3]);
    // 'bad' and 'battery' were seen once: <OOV> like an unseen word.
    expect(encode(tok, ['good bad battery zzz phone'], 5)).toEqual([[good, 1, 1, 1, phone]]);
    expect(vocabularySize(tok)).toBe(4); // padding, <OOV>, good, phone
    expect(vocabularySize(fitTokenizer(train))).toBe(6); // padding, <OOV> + 4 words
  });
});
