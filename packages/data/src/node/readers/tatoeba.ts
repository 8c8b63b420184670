import { checkInteger, checkKnownOptions, FileFormatError } from '@rnn/core';
import { emptyFileError, readLines, requireFile } from './read-lines.js';

/** A source sentence and one of its translations. */
export interface TextPair {
  /** The source sentence (English in `fra.txt`). */
  source: string;
  /** The target sentence (French in `fra.txt`). */
  target: string;
}

/** Options of {@link readTatoebaPairs}. */
export interface ReadTatoebaPairsArgs {
  /**
   * Stop after this many pairs (the classic setup takes the first 30,000). Reading stops there, so
   * the rest of the file is never read. Default: `undefined` (every pair).
   */
  limit?: number;
}

/**
 * Defaults of {@link ReadTatoebaPairsArgs}.
 *
 * @example
 * ```ts
 * READ_TATOEBA_PAIRS_DEFAULTS.limit; // undefined (every pair)
 * ```
 */
export const READ_TATOEBA_PAIRS_DEFAULTS = { limit: undefined } as const;

/**
 * Read a Tatoeba / manythings.org pairs file (`fra.txt`): one pair a line, `source<TAB>target`,
 * with an optional third attribution column (later releases) that is ignored. Streams the file and
 * keeps file order.
 *
 * @param path - the pairs file.
 * @param args - see {@link ReadTatoebaPairsArgs}.
 * @returns `{ source, target }` records in file order.
 * @throws FileFormatError when the file is missing, or a line does not have 2 or 3 tab-separated
 *   fields or has an empty source/target (the message gives the line number).
 * @throws ValueError when `limit` is not a positive integer.
 * @example
 * ```ts
 * const pairs = await readTatoebaPairs(dataFile('fra'), { limit: 30000 });
 * pairs[0]; // { source: 'Go.', target: 'Va !' }
 * ```
 */
export async function readTatoebaPairs(path: string, args: ReadTatoebaPairsArgs = {}): Promise<TextPair[]> {
  checkKnownOptions('readTatoebaPairs options', args, ['limit']);
  const limit = args.limit === undefined ? Number.POSITIVE_INFINITY : checkInteger('limit', args.limit);
  requireFile(path, 'Tatoeba pairs file');
  const pairs: TextPair[] = [];
  for await (const { text, lineNumber } of readLines(path)) {
    const fields = text.split('\t');
    if (fields.length < 2 || fields.length > 3) {
      throw new FileFormatError(
        `Expected line ${lineNumber} of ${path} to have 2 or 3 tab-separated fields (source, target, optional attribution), but it has ${fields.length}: ${JSON.stringify(text.slice(0, 80))}.`,
      );
    }
    const source = fields[0] as string;
    const target = fields[1] as string;
    if (source.trim() === '' || target.trim() === '') {
      throw new FileFormatError(`Expected line ${lineNumber} of ${path} to have a non-empty source and target, but got ${JSON.stringify(text.slice(0, 80))}.`);
    }
    pairs.push({ source, target });
    if (pairs.length >= limit) break;
  }
  if (pairs.length === 0) throw emptyFileError('Tatoeba pairs file', path, 'sentence pair');
  return pairs;
}
