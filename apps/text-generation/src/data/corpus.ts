import { checkInteger } from '@rnn/core';
import { dataFile, readTextFile } from '@rnn/data';
import { Vocabulary } from '@rnn/tokenizers';

/** The two Lewis Carroll books, as the data layer names them. */
export const BOOKS = ['alice', 'looking-glass'] as const;

/** The text, its character vocabulary, ids, and the train / held-out split. */
export interface Corpus {
  text: string;
  vocab: Vocabulary;
  /** Ids of the whole text (by code point). */
  ids: Int32Array;
  /** Number of leading ids used for training; the rest (the last `heldOutFraction`) is held out. */
  trainLength: number;
}

/**
 * Read both books with their Project Gutenberg header and footer stripped, joined by a blank line;
 * optionally keep only the first `maxChars` characters (for quick tests). The character vocabulary
 * is built from the whole text (so the held-out part has no unknown characters; both the model and
 * the baselines only learn their probabilities from the training part). The last `heldOutFraction`
 * of the characters is held out.
 *
 * @throws FileFormatError when the data folder or a book is missing.
 */
export async function loadCorpus(root: string, args: { heldOutFraction: number; maxChars?: number }): Promise<Corpus> {
  const paths = BOOKS.map((b) => dataFile(b, { root }));
  const books = await Promise.all(paths.map((p) => readTextFile(p, { stripGutenberg: true })));
  let chars = Array.from(books.join('\n\n'));
  if (args.maxChars !== undefined) chars = chars.slice(0, checkInteger('maxChars', args.maxChars, 1000));
  const text = chars.join('');
  const vocab = Vocabulary.fromTexts([text], { mode: 'char' });
  const ids = Int32Array.from(vocab.encode(text));
  const trainLength = Math.floor(ids.length * (1 - args.heldOutFraction));
  return { text, vocab, ids, trainLength };
}
