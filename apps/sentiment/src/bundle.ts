import { join } from 'node:path';
import type { RunFolder } from '@rnn/app-kit';
import { FileFormatError, readJsonFile, writeJsonAtomic } from '@rnn/core/node';
import { fileSystem } from '@rnn/layers/node';
import { type KerasTokenizerJson, Tokenizer } from '@rnn/tokenizers';
import * as tf from '@tensorflow/tfjs';
import { APP_VERSION, type FitProtocol, FORMAT_VERSION } from './config.js';
import { registerModelClasses } from './model.js';

/**
 * What `evaluate` needs to rebuild the exact split the model was trained on (stored as `split` in bundle.json).
 *
 * @example
 * ```ts
 * const info: SplitInfo = { seed: 42, ratios: [0.7, 0.1, 0.2], maxLen: 64, limit: null, testCount: 594, layerImpl: LAYER_IMPL, protocol: 'refit' };
 * ```
 */
export interface SplitInfo {
  seed: number;
  ratios: readonly [number, number, number];
  maxLen: number;
  /** Lines per source kept (tests), or null for the whole corpus. */
  limit: number | null;
  testCount: number;
  layerImpl: string;
  /** Whether the model trained on train only (`holdout`) or on train + validation (`refit`); absent in older bundles (= holdout). */
  protocol?: FitProtocol;
}

/**
 * Write `model/` (model.json + weights.bin + tokenizer.json + bundle.json) into the run folder, atomically.
 *
 * @example
 * ```ts
 * await saveSentimentBundle(run, model, tok, info); // runs/sentiment/<timestamp>/model/
 * ```
 */
export async function saveSentimentBundle(run: RunFolder, model: tf.LayersModel, tok: Tokenizer, info: SplitInfo): Promise<void> {
  await run.saveBundle(
    async (dir) => {
      await model.save(fileSystem(dir));
      writeJsonAtomic(join(dir, 'tokenizer.json'), tok.toJSON());
    },
    { formatVersion: FORMAT_VERSION, appVersion: APP_VERSION, extra: { split: info } },
  );
}

/**
 * Load a bundle checked by `ctx.openRun` (app and format version). The caller disposes the model.
 *
 * @throws FileFormatError when bundle.json lacks the split info.
 * @example
 * ```ts
 * const { bundleDir, manifest } = ctx.openRun({ formatVersion: FORMAT_VERSION });
 * const { model, tok, info } = await loadSentimentBundle(bundleDir, manifest);
 * ```
 */
export async function loadSentimentBundle(
  bundleDir: string,
  manifest: Record<string, unknown>,
): Promise<{ model: tf.LayersModel; tok: Tokenizer; info: SplitInfo }> {
  const info = manifest.split as SplitInfo | undefined;
  if (!info || typeof info.seed !== 'number' || typeof info.maxLen !== 'number') {
    throw new FileFormatError(`Expected ${join(bundleDir, 'bundle.json')} to hold the split info ({ seed, ratios, maxLen, … }), but it does not.`);
  }
  registerModelClasses();
  const model = await tf.loadLayersModel(fileSystem(bundleDir));
  const tok = Tokenizer.fromJSON(readJsonFile<KerasTokenizerJson>(join(bundleDir, 'tokenizer.json'), 'the tokenizer of the sentiment bundle'));
  return { model, tok, info };
}
