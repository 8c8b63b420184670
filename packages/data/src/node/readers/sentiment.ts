import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkKnownOptions, checkOneOf, FileFormatError } from '@rnn/core';
import { emptyFileError, requireFile } from './read-lines.js';

/** The three review sources of the UCI Sentiment Labelled Sentences. */
export type SentimentSource = 'amazon' | 'imdb' | 'yelp';

/**
 * Every {@link SentimentSource}, in the order {@link readSentimentLabelled} reads them.
 *
 * @example
 * ```ts
 * SENTIMENT_SOURCES; // ['amazon', 'imdb', 'yelp']
 * ```
 */
export const SENTIMENT_SOURCES: readonly SentimentSource[] = ['amazon', 'imdb', 'yelp'];

/**
 * The file name of each source inside the data set folder.
 *
 * @example
 * ```ts
 * SENTIMENT_FILES.imdb; // 'imdb_labelled.txt'
 * ```
 */
export const SENTIMENT_FILES: Readonly<Record<SentimentSource, string>> = {
  amazon: 'amazon_cells_labelled.txt',
  imdb: 'imdb_labelled.txt',
  yelp: 'yelp_labelled.txt',
};

/** One labelled sentence. */
export interface SentimentRecord {
  /** The sentence, with surrounding whitespace trimmed (most imdb lines end in two spaces). */
  text: string;
  /** `0` negative, `1` positive. */
  label: 0 | 1;
  /** Which file it came from. */
  source: SentimentSource;
}

/** Options of {@link readSentimentLabelled}. */
export interface ReadSentimentLabelledArgs {
  /** Which sources to read, in this order. Default: `['amazon', 'imdb', 'yelp']`. */
  sources?: readonly SentimentSource[];
}

/**
 * Defaults of {@link ReadSentimentLabelledArgs}.
 *
 * @example
 * ```ts
 * READ_SENTIMENT_LABELLED_DEFAULTS.sources; // ['amazon', 'imdb', 'yelp']
 * ```
 */
export const READ_SENTIMENT_LABELLED_DEFAULTS = { sources: SENTIMENT_SOURCES } as const;

/**
 * Read the UCI Sentiment Labelled Sentences (Kotzias et al., KDD 2015): `amazon_cells_labelled.txt`,
 * `imdb_labelled.txt` and `yelp_labelled.txt` in `dir`, each line `sentence<TAB>0|1`.
 *
 * Lines are split on `\n` only (imdb has U+0085 inside two sentences, which `str.splitlines()` and
 * similar would treat as line breaks); the label is the field after the LAST tab. Duplicates are kept
 * (the set repeats sentences): collapse them with `split(records, { dedupe: (r) => r.text, … })`.
 *
 * @param dir - the folder holding the three files.
 * @param args - see {@link ReadSentimentLabelledArgs}.
 * @returns records in file order, amazon then imdb then yelp.
 * @throws FileFormatError when the folder or a file is missing, or a line has no tab or a label other
 *   than 0/1 (the message names the file and line number).
 * @example
 * ```ts
 * const rows = await readSentimentLabelled(dataFile('sentiment'));
 * rows.length; // 3000
 * rows[0]; // { text: 'So there is no way for me to plug it in here in the US unless I go by a converter.', label: 0, source: 'amazon' }
 * ```
 */
export async function readSentimentLabelled(dir: string, args: ReadSentimentLabelledArgs = {}): Promise<SentimentRecord[]> {
  checkKnownOptions('readSentimentLabelled options', args, ['sources']);
  const sources = args.sources ?? READ_SENTIMENT_LABELLED_DEFAULTS.sources;
  for (const s of sources) checkOneOf('sources[]', s, SENTIMENT_SOURCES);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new FileFormatError(`Expected the sentiment data set folder at ${dir}, but it does not exist or is not a folder.`);
  }
  const out: SentimentRecord[] = [];
  for (const source of sources) {
    const path = join(dir, SENTIMENT_FILES[source]);
    requireFile(path, `${source} sentiment file`);
    let text = await readFile(path, 'utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    if (lines.length === 0) throw emptyFileError(`${source} sentiment file`, path, '"sentence<TAB>0|1" line');
    lines.forEach((raw, i) => {
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      const tab = line.lastIndexOf('\t');
      const label = tab === -1 ? undefined : line.slice(tab + 1).trim();
      if (tab === -1 || (label !== '0' && label !== '1')) {
        throw new FileFormatError(`Expected line ${i + 1} of ${path} to be "sentence<TAB>0|1", but got ${JSON.stringify(line.slice(0, 80))}.`);
      }
      out.push({ text: line.slice(0, tab).trim(), label: label === '1' ? 1 : 0, source });
    });
  }
  return out;
}
