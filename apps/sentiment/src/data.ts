import { readSentimentLabelled, type SentimentRecord, type SplitReport, split } from '@rnn/data/node';
import { padSequences, Tokenizer, textToWordSequence } from '@rnn/tokenizers';

/** The OOV token the tokenizer puts at index 1 (words unseen in training map to it). */
export const OOV_TOKEN = '<OOV>';

/** The three splits of the de-duplicated corpus. */
export interface SentimentSplits {
  train: SentimentRecord[];
  val: SentimentRecord[];
  test: SentimentRecord[];
  report: SplitReport;
}

/** Options of {@link loadSplits}. */
export interface LoadSplitsArgs {
  /** Seed of the shuffle. Required. */
  seed: number;
  /** Fractions `[train, val, test]`. Required. */
  ratios: readonly [number, number, number];
  /** Keep only the first `limit` lines of each source file (tests). Default: `undefined` (all lines). */
  limit?: number;
}

/**
 * The key two sentences are duplicates under: the words the (Keras) tokenizer sees — lower-cased, the Keras
 * punctuation filters removed, split on whitespace. "Great phone!" and "great phone." are one sentence to the
 * model, so keying on the raw text (18 duplicates in the corpus) would still let 10 such pairs straddle
 * train and test; this key removes 28.
 *
 * @example
 * ```ts
 * dedupeKey('Great phone!'); // 'great phone'
 * ```
 */
export function dedupeKey(text: string): string {
  return textToWordSequence(text).join(' ');
}

/**
 * Read the three UCI files and split them leak-free: duplicate sentences (same {@link dedupeKey}) are
 * collapsed, their first occurrence kept, BEFORE the seeded shuffle, so no test sentence is also a
 * training sentence. `limit` keeps only the first `limit` lines of each source (tests use a tiny slice).
 *
 * @throws FileFormatError (from @rnn/data) when the folder or one of the three files is missing.
 * @example
 * ```ts
 * const s = await loadSplits(dataFile('sentiment'), { seed: 42, ratios: [0.7, 0.1, 0.2] });
 * s.report.duplicatesRemoved; // 28
 * ```
 */
export async function loadSplits(dir: string, args: LoadSplitsArgs): Promise<SentimentSplits> {
  let records = await readSentimentLabelled(dir);
  const limit = args.limit;
  if (limit !== undefined) {
    const per = new Map<string, number>();
    records = records.filter((r) => {
      const n = (per.get(r.source) ?? 0) + 1;
      per.set(r.source, n);
      return n <= limit;
    });
  }
  return split(records, { ratios: args.ratios, seed: args.seed, dedupe: (r) => dedupeKey(r.text) });
}

/**
 * Fit the Keras-exact tokenizer on the TRAINING sentences only (unseen words → `<OOV>`, index 1). With
 * `minWordCount` > 1, training words seen fewer times also map to `<OOV>` (through Keras' `numWords`, which
 * the saved tokenizer.json keeps), so the model sees `<OOV>` during training as it will at test time.
 *
 * @example
 * ```ts
 * const tok = fitTokenizer(splits.train);
 * tok.textsToSequences(['zzzunseen']); // [[1]]
 * ```
 */
export function fitTokenizer(train: readonly SentimentRecord[], minWordCount = 1): Tokenizer {
  const texts = train.map((r) => r.text);
  const tok = new Tokenizer({ oovToken: OOV_TOKEN });
  tok.fitOnTexts(texts);
  if (minWordCount <= 1) return tok;
  // Word indices follow descending count, so the words kept are exactly indices 2 … kept + 1 (1 is <OOV>).
  let kept = 0;
  for (const c of tok.wordCounts.values()) if (c >= minWordCount) kept++;
  const limited = new Tokenizer({ oovToken: OOV_TOKEN, numWords: kept + 2 });
  limited.fitOnTexts(texts);
  return limited;
}

/**
 * Rows of the embedding a tokenizer needs: padding (0), `<OOV>` (1) and every word it keeps.
 *
 * @example
 * ```ts
 * vocabularySize(fitTokenizer(splits.train, 2)); // words seen ≥ 2 times + 2
 * ```
 */
export function vocabularySize(tok: Tokenizer): number {
  return tok.numWords ?? tok.wordIndex.size + 1;
}

/**
 * Word ids padded (and truncated) at the front to `maxLen`, Keras' `pad_sequences` defaults.
 *
 * @example
 * ```ts
 * encode(tok, ['good'], 4); // [[0, 0, 0, id('good')]]
 * ```
 */
export function encode(tok: Tokenizer, texts: readonly string[], maxLen: number): number[][] {
  return padSequences(tok.textsToSequences(texts), { maxlen: maxLen });
}
