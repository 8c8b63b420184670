import { checkInteger, checkNumberInRange } from '@rnn/core';
import { dataFile, readTextFile } from '@rnn/data/node';
import { Vocabulary } from '@rnn/tokenizers';

/**
 * The two Lewis Carroll books, as the data layer names them (in reading order).
 *
 * @example
 * ```ts
 * BOOKS.map((b) => dataFile(b)); // …/text/alice-in-wonderland.txt, …/text/through-the-looking-glass.txt
 * ```
 */
export const BOOKS = ['alice', 'looking-glass'] as const;

/**
 * The text, its character vocabulary, ids, and the train / held-out split.
 *
 * @example
 * ```ts
 * const { ids, trainLength } = await loadCorpus(root, { heldOutFraction: 0.1 });
 * ids.subarray(0, trainLength); // the training ids; the rest is held out
 * ```
 */
export interface Corpus {
  text: string;
  vocab: Vocabulary;
  /** Ids of the whole text (by code point). */
  ids: Int32Array;
  /** Number of leading ids used for training; the rest (the last `heldOutFraction`) is held out. */
  trainLength: number;
}

/**
 * Remove what Project Gutenberg leaves *inside* the START/END markers of some books: a leading
 * "Produced by …" credit paragraph and a trailing "End of Project Gutenberg's …" / "End of the Project
 * Gutenberg …" line (Alice, eBook #28885, has both; Through the Looking-Glass, #12, has neither).
 * Blank lines left at either end are dropped. Expects LF line endings and the markers already removed
 * (`readTextFile(path, { stripGutenberg: true })` of @rnn/data).
 *
 * @param body - a book body.
 * @returns the body without those credit lines.
 * @example
 * ```ts
 * stripProductionCredits('Produced by A and B\nat PGDP.\n\nCHAPTER I\n\nEnd of Project Gutenberg\'s X'); // 'CHAPTER I'
 * ```
 */
export function stripProductionCredits(body: string): string {
  const lines = body.split('\n');
  let a = 0;
  while (a < lines.length && (lines[a] as string).trim() === '') a++;
  if (/^Produced by\b/i.test((lines[a] ?? '').trim())) {
    while (a < lines.length && (lines[a] as string).trim() !== '') a++;
  }
  let b = lines.length;
  while (b > a && (lines[b - 1] as string).trim() === '') b--;
  if (b > a && /^End of (the )?Project Gutenberg/i.test((lines[b - 1] as string).trim())) b--;
  while (a < b && (lines[a] as string).trim() === '') a++;
  while (b > a && (lines[b - 1] as string).trim() === '') b--;
  return lines.slice(a, b).join('\n');
}

/**
 * Read both books with their Project Gutenberg header and footer stripped (the licence outside the
 * START/END markers, then {@link stripProductionCredits}), joined by a blank line; optionally keep
 * only the first `maxChars` characters (for quick tests). The character vocabulary is built from the
 * whole (possibly truncated) text, so the held-out part has no unknown characters; the model and the
 * baselines learn their probabilities from the training part only. The last `heldOutFraction` of the
 * characters is held out.
 *
 * @param root - the data root (`<root>/text/alice-in-wonderland.txt`, `<root>/text/through-the-looking-glass.txt`).
 * @param args - `heldOutFraction` in [0.01, 0.5]; `maxChars` an integer ≥ 1000 when given.
 * @throws FileFormatError when a book is missing (the message names its path) or has no Gutenberg markers.
 * @example
 * ```ts
 * const corpus = await loadCorpus(resolveDataRoot(), { heldOutFraction: 0.1 });
 * corpus.vocab.size;    // 93 (89 characters + 4 reserved ids)
 * corpus.trainLength;   // floor(0.9 * corpus.ids.length)
 * ```
 */
export async function loadCorpus(root: string, args: { heldOutFraction: number; maxChars?: number }): Promise<Corpus> {
  checkNumberInRange('heldOutFraction', args.heldOutFraction, 0.01, 0.5);
  const paths = BOOKS.map((b) => dataFile(b, { root }));
  const books = await Promise.all(paths.map((p) => readTextFile(p, { stripGutenberg: true })));
  let chars = Array.from(books.map(stripProductionCredits).join('\n\n'));
  if (args.maxChars !== undefined) chars = chars.slice(0, checkInteger('maxChars', args.maxChars, 1000));
  const text = chars.join('');
  const vocab = Vocabulary.fromTexts([text], { mode: 'char' });
  const ids = Int32Array.from(vocab.encode(text));
  const trainLength = Math.floor(ids.length * (1 - args.heldOutFraction));
  return { text, vocab, ids, trainLength };
}
