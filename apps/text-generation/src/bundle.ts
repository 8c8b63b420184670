import { join } from 'node:path';
import type { AppContext, RunFolder } from '@rnn/app-kit';
import { FileFormatError } from '@rnn/core';
import { readJsonFile, writeJsonAtomic } from '@rnn/core/node';
import { Vocabulary } from '@rnn/tokenizers';
import type { CharLM } from './model/char-lm.js';
import { loadCharLM, saveCharLM } from './model/char-lm-files.js';

/**
 * The app name (run folder `runs/text-generation/…` and bundle `app`).
 *
 * @example
 * ```ts
 * checkBundle(dir, { app: APP_NAME, formatVersion: BUNDLE_FORMAT_VERSION });
 * ```
 */
export const APP_NAME = 'text-generation';
/**
 * The app version (bundle `appVersion`, `--version`).
 *
 * @example
 * ```ts
 * APP_VERSION; // '0.1.0'
 * ```
 */
export const APP_VERSION = '0.1.0';
/**
 * Version of this app's bundle layout: `char-lm.json` + `char-lm.bin`, `vocab.json`, `split.json`.
 * Bump it when that layout changes; older bundles are then refused with a clear error.
 *
 * @example
 * ```ts
 * ctx.openRun({ formatVersion: BUNDLE_FORMAT_VERSION });
 * ```
 */
export const BUNDLE_FORMAT_VERSION = 1;

/**
 * How the training run split the text (so `evaluate` scores the same held-out part).
 *
 * @example
 * ```ts
 * const split: SplitInfo = { heldOutFraction: 0.1, maxChars: null, seqLength: 100 };
 * ```
 */
export interface SplitInfo {
  /** Fraction of the text, at its end, that was held out. */
  heldOutFraction: number;
  /** `--max-chars` of the training run, or null for the whole text. */
  maxChars: number | null;
  /** Window length of the stateful held-out evaluation. */
  seqLength: number;
}

/**
 * Save model, vocabulary and split info as the run's model bundle (`<run>/model/`, written atomically).
 *
 * @example
 * ```ts
 * await saveModel(run, model, corpus.vocab, { heldOutFraction: 0.1, maxChars: null, seqLength: 100 });
 * ```
 */
export async function saveModel(run: RunFolder, model: CharLM, vocab: Vocabulary, split: SplitInfo): Promise<void> {
  await run.saveBundle(
    (dir) => {
      saveCharLM(model, dir);
      writeJsonAtomic(join(dir, 'vocab.json'), vocab.toJSON());
      writeJsonAtomic(join(dir, 'split.json'), split);
    },
    { formatVersion: BUNDLE_FORMAT_VERSION, appVersion: APP_VERSION, extra: { vocabSize: vocab.size, units: model.config.units } },
  );
}

/**
 * Find the run (`--run` or the latest), check its bundle and load it.
 *
 * @throws FileFormatError for a missing bundle, another app's bundle or another format version.
 * @example
 * ```ts
 * const { model, vocab } = loadModel(ctx);
 * try { model.generate(vocab.encode('Alice'), 100, 0.5, new Rng(1)); } finally { model.dispose(); }
 * ```
 */
export function loadModel(ctx: AppContext): { model: CharLM; vocab: Vocabulary; split: SplitInfo; bundleDir: string; runDir: string } {
  const { bundleDir, runDir } = ctx.openRun({ formatVersion: BUNDLE_FORMAT_VERSION });
  return { ...loadBundleFiles(bundleDir), bundleDir, runDir };
}

/**
 * Read a bundle folder's vocabulary, split description and model, and check that they belong together.
 *
 * @throws FileFormatError when a file is missing or malformed, or the vocabulary's size differs from the
 *   model's `vocabSize` (a smaller vocabulary would decode ids it does not have; a larger one would feed the
 *   embedding ids beyond its rows).
 * @example
 * ```ts
 * const { model, vocab } = loadBundleFiles('runs/text-generation/2026-…/model');
 * ```
 */
export function loadBundleFiles(bundleDir: string): { model: CharLM; vocab: Vocabulary; split: SplitInfo } {
  const vocabPath = join(bundleDir, 'vocab.json');
  const vocab = Vocabulary.fromJSON(readJsonFile(vocabPath, 'character vocabulary') as never);
  const split = readJsonFile<SplitInfo>(join(bundleDir, 'split.json'), 'split description');
  const model = loadCharLM(bundleDir);
  if (vocab.size !== model.config.vocabSize) {
    model.dispose();
    throw new FileFormatError(
      `Expected the vocabulary ${vocabPath} to have ${model.config.vocabSize} entries (the model's vocabSize in char-lm.json), but it has ${vocab.size}.`,
    );
  }
  return { model, vocab, split };
}

/**
 * Ids the sampler never draws: `<pad>`, `<bos>`, `<eos>`, `<unk>` (they never occur in the text).
 *
 * @example
 * ```ts
 * model.generate(prefixIds, 1000, 0.5, new Rng(42), RESERVED_IDS);
 * ```
 */
export const RESERVED_IDS = [0, 1, 2, 3] as const;
