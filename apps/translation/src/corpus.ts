import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FileFormatError } from '@rnn/core';
import { groupTargets, normalizeForTranslation, type ReferenceGroup, readTatoebaPairs, split, type TextPair } from '@rnn/data/node';

/** Where the corpus lives under the data root. */
export const CORPUS_PATH = join('translation', 'fra.txt');

/** The normalised English→French corpus split by English source. */
export interface TranslationCorpus {
  /** Path of `fra.txt`. */
  path: string;
  /** Pairs read (before the split). */
  pairCount: number;
  train: TextPair[];
  val: TextPair[];
  test: TextPair[];
  /** Every distinct French translation of each validation source (references for BLEU). */
  valGroups: ReferenceGroup[];
  /** Every distinct French translation of each test source (references for BLEU). */
  testGroups: ReferenceGroup[];
}

/**
 * Read the first `pairs` Tatoeba pairs, normalise both sides as the Keras tutorial does (lower case, accents
 * stripped, punctuation spaced), and split 80/10/10 **grouped by the normalised English source**: all
 * translations of one English sentence land in the same split, so no test source is seen in training, and
 * every French translation of a test source is a BLEU reference.
 *
 * @throws FileFormatError when `translation/fra.txt` is missing under `dataRoot` (the message names the path).
 * @example
 * ```ts
 * const c = await loadCorpus('/work/shared/data', 30_000, 42);
 * c.testGroups[0]; // { source: 'i m cold .', targets: ['j ai froid .'] }
 * ```
 */
export async function loadCorpus(dataRoot: string, pairs: number, seed: number): Promise<TranslationCorpus> {
  const path = join(dataRoot, CORPUS_PATH);
  if (!existsSync(path)) {
    throw new FileFormatError(`Expected the Tatoeba English–French pairs at ${path}, but the file does not exist (pass --data <dir> or set RNN_DATA_DIR).`);
  }
  const raw = await readTatoebaPairs(path, { limit: pairs });
  const normalised = raw
    .map((p) => ({ source: normalizeForTranslation(p.source), target: normalizeForTranslation(p.target) }))
    .filter((p) => p.source.length > 0 && p.target.length > 0);
  const s = split(normalised, { ratios: [0.8, 0.1, 0.1], seed, groupBy: (p) => p.source });
  return { path, pairCount: raw.length, train: s.train, val: s.val, test: s.test, valGroups: groupTargets(s.val), testGroups: groupTargets(s.test) };
}
