import { join } from 'node:path';
import { checkInteger } from '@rnn/core';
import { readTaggedSentences, type SplitReport, split, type TaggedSentence } from '@rnn/data/node';
import { SPLIT_RATIOS } from '../config.js';

/**
 * The tagged corpus, relative to the data root.
 *
 * @example
 * ```ts
 * join(dataRoot, TREEBANK_FILE); // <data>/treebank/tagged.txt
 * ```
 */
export const TREEBANK_FILE = join('treebank', 'tagged.txt');

/**
 * Train / validation / test sentences and what the split did.
 *
 * @example
 * ```ts
 * const { train, val, test }: TreebankSplits = await loadTreebankSplits(root, { seed: 42, sentences: 0 });
 * ```
 */
export interface TreebankSplits {
  train: TaggedSentence[];
  val: TaggedSentence[];
  test: TaggedSentence[];
  report: SplitReport;
  /** The file read. */
  path: string;
}

/**
 * Read `treebank/tagged.txt` under `dataRoot` and split it by sentence, seeded, 80/10/10
 * (duplicates are kept: the corpus is running text, and a repeated sentence is a real occurrence).
 *
 * @param dataRoot - the folder holding `treebank/`.
 * @param args - `seed` of the split; `sentences`: use only the first N sentences (0 = all).
 * @throws FileFormatError (from @rnn/data) naming the path when the file is missing or malformed.
 * @example
 * ```ts
 * const { train, val, test } = await loadTreebankSplits('/work/shared/data', { seed: 42, sentences: 0 });
 * train.length + val.length + test.length; // 3914
 * ```
 */
export async function loadTreebankSplits(dataRoot: string, args: { seed: number; sentences: number }): Promise<TreebankSplits> {
  checkInteger('sentences', args.sentences, 0);
  const path = join(dataRoot, TREEBANK_FILE);
  const all = await readTaggedSentences(path);
  const used = args.sentences > 0 ? all.slice(0, args.sentences) : all;
  const { train, val, test, report } = split(used, { ratios: SPLIT_RATIOS, seed: args.seed });
  return { train, val, test, report, path };
}
