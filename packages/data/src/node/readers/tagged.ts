import { FileFormatError } from '@rnn/core';
import { emptyFileError, readLines, requireFile } from './read-lines.js';

/** A sentence as parallel arrays of words and their tags. */
export interface TaggedSentence {
  /** The words, in order. */
  words: string[];
  /** The tag of each word (same length as `words`). */
  tags: string[];
}

/**
 * Read a tagged corpus: one sentence a line, tokens separated by spaces, each token `word/TAG`,
 * split on its LAST `/` (so `1\/2/CD` is the word `1\/2` with tag `CD`). Streams the file. This is
 * the layout of `treebank/tagged.txt` (NLTK's Penn Treebank sample, -NONE- trace tokens kept).
 *
 * @param path - the tagged file.
 * @returns one `{ words, tags }` per line, in file order.
 * @throws FileFormatError when the file is missing, a line is empty, or a token has no `/` or an empty
 *   word or tag (the message gives the line number and the token).
 * @example
 * ```ts
 * const sents = await readTaggedSentences(dataFile('treebank'));
 * sents.length; // 3914
 * sents[0].words.slice(0, 2); // ['Pierre', 'Vinken']
 * sents[0].tags.slice(0, 2);  // ['NNP', 'NNP']
 * ```
 */
export async function readTaggedSentences(path: string): Promise<TaggedSentence[]> {
  requireFile(path, 'tagged corpus');
  const out: TaggedSentence[] = [];
  for await (const { text, lineNumber } of readLines(path)) {
    const tokens = text.split(' ').filter((t) => t.length > 0);
    if (tokens.length === 0) {
      throw new FileFormatError(`Expected line ${lineNumber} of ${path} to hold a tagged sentence, but it is empty.`);
    }
    const words: string[] = [];
    const tags: string[] = [];
    for (const token of tokens) {
      const slash = token.lastIndexOf('/');
      if (slash <= 0 || slash === token.length - 1) {
        throw new FileFormatError(`Expected every token on line ${lineNumber} of ${path} to be "word/TAG", but got ${JSON.stringify(token)}.`);
      }
      words.push(token.slice(0, slash));
      tags.push(token.slice(slash + 1));
    }
    out.push({ words, tags });
  }
  if (out.length === 0) throw emptyFileError('tagged corpus', path, 'tagged sentence');
  return out;
}
