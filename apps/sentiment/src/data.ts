import { type SentimentRecord, type SplitReport, readSentimentLabelled, split } from '@rnn/data';
import { padSequences, Tokenizer } from '@rnn/tokenizers';

/** The OOV token the tokenizer puts at index 1 (words unseen in training map to it). */
export const OOV_TOKEN = '<OOV>';

/** The three splits of the de-duplicated corpus. */
export interface SentimentSplits {
  train: SentimentRecord[];
  val: SentimentRecord[];
  test: SentimentRecord[];
  report: SplitReport;
}

/**
 * Read the three UCI files and split them leak-free: exact duplicate sentences are collapsed (their
 * first occurrence kept) BEFORE the seeded shuffle, so no test sentence is also a training sentence.
 * `limit` keeps only the first `limit` lines of each source (tests use a tiny slice).
 */
export async function loadSplits(dir: string, args: { seed: number; ratios: readonly [number, number, number]; limit?: number }): Promise<SentimentSplits> {
  let records = await readSentimentLabelled(dir);
  if (args.limit !== undefined) {
    const per = new Map<string, number>();
    records = records.filter((r) => {
      const n = (per.get(r.source) ?? 0) + 1;
      per.set(r.source, n);
      return n <= (args.limit as number);
    });
  }
  return split(records, { ratios: args.ratios, seed: args.seed, dedupe: (r) => r.text });
}

/** Fit the Keras-exact tokenizer on the TRAINING sentences only (unseen words → `<OOV>`). */
export function fitTokenizer(train: readonly SentimentRecord[]): Tokenizer {
  const tok = new Tokenizer({ oovToken: OOV_TOKEN });
  tok.fitOnTexts(train.map((r) => r.text));
  return tok;
}

/** Word ids padded (and truncated) at the front to `maxLen`, Keras' `pad_sequences` defaults. */
export function encode(tok: Tokenizer, texts: readonly string[], maxLen: number): number[][] {
  return padSequences(tok.textsToSequences(texts), { maxlen: maxLen });
}
