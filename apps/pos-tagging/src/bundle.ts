import { join } from 'node:path';
import type { AppContext, RunFolder } from '@rnn/app-kit';
import { FileFormatError, readJsonFile, writeJsonAtomic } from '@rnn/core/node';
import { PosTagger } from './model/pos-tagger.js';

/**
 * Version of this app's model bundle layout: `tagger/` (keras/ + vocabularies.json) and `split.json`.
 *
 * @example
 * ```ts
 * ctx.openRun({ formatVersion: BUNDLE_FORMAT_VERSION });
 * ```
 */
export const BUNDLE_FORMAT_VERSION = 1;
/**
 * The app name (run folder and bundle `app`).
 *
 * @example
 * ```ts
 * APP_NAME; // 'pos-tagging' (runs/pos-tagging/<timestamp>/)
 * ```
 */
export const APP_NAME = 'pos-tagging';
/**
 * The app version (bundle `appVersion`).
 *
 * @example
 * ```ts
 * APP_VERSION; // '0.1.0'
 * ```
 */
export const APP_VERSION = '0.1.0';

/**
 * How the corpus was split for a trained bundle, so `evaluate` rebuilds the same test set.
 *
 * @example
 * ```ts
 * const info: SplitInfo = { seed: 42, sentences: 0, sizes: { train: 3131, val: 392, test: 391 } };
 * ```
 */
export interface SplitInfo {
  seed: number;
  /** First-N-sentences limit used (0 = all). */
  sentences: number;
  sizes: { train: number; val: number; test: number };
}

/**
 * Save the trained tagger and its split into the run's bundle folder.
 *
 * @example
 * ```ts
 * await saveTagger(run, tagger, { seed: ctx.seed, sentences: 0, sizes: splits.report.sizes });
 * ```
 */
export async function saveTagger(run: RunFolder, tagger: PosTagger, split: SplitInfo): Promise<void> {
  await run.saveBundle(
    async (dir) => {
      await tagger.save(join(dir, 'tagger'));
      writeJsonAtomic(join(dir, 'split.json'), split);
    },
    { formatVersion: BUNDLE_FORMAT_VERSION, appVersion: APP_VERSION },
  );
}

/**
 * Find the run (`--run` or the latest), check its bundle, and load the tagger and its split.
 *
 * @example
 * ```ts
 * const { tagger, split } = await loadTagger(ctx); // --run or the latest run
 * ```
 */
export async function loadTagger(ctx: AppContext): Promise<{ tagger: PosTagger; split: SplitInfo; bundleDir: string }> {
  const { bundleDir } = ctx.openRun({ formatVersion: BUNDLE_FORMAT_VERSION });
  const split = readJsonFile<SplitInfo>(join(bundleDir, 'split.json'), 'split description');
  if (typeof split?.seed !== 'number' || typeof split.sentences !== 'number') {
    throw new FileFormatError(`Expected ${join(bundleDir, 'split.json')} to hold { seed, sentences, sizes }, but it does not.`);
  }
  const tagger = await PosTagger.load(join(bundleDir, 'tagger'));
  return { tagger, split, bundleDir };
}
