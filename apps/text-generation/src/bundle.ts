import { join } from 'node:path';
import type { AppContext, RunFolder } from '@rnn/app-kit';
import { readJsonFile, writeJsonAtomic } from '@rnn/core';
import { Vocabulary } from '@rnn/tokenizers';
import { CharLM } from './model/char-lm.js';

/** The app name (run folder and bundle `app`). */
export const APP_NAME = 'text-generation';
/** The app version (bundle `appVersion`). */
export const APP_VERSION = '0.1.0';
/** Version of this app's bundle layout: `char-lm.json` + `char-lm.bin`, `vocab.json`, `split.json`. */
export const BUNDLE_FORMAT_VERSION = 1;

/** How the training run split the text (so `evaluate` scores the same held-out part). */
export interface SplitInfo {
  heldOutFraction: number;
  maxChars: number | null;
  seqLength: number;
}

/** Save model, vocabulary and split info as the run's model bundle. */
export async function saveModel(run: RunFolder, model: CharLM, vocab: Vocabulary, split: SplitInfo): Promise<void> {
  await run.saveBundle(
    (dir) => {
      model.save(dir);
      writeJsonAtomic(join(dir, 'vocab.json'), vocab.toJSON());
      writeJsonAtomic(join(dir, 'split.json'), split);
    },
    { formatVersion: BUNDLE_FORMAT_VERSION, appVersion: APP_VERSION, extra: { vocabSize: vocab.size, units: model.config.units } },
  );
}

/** Find the run (`--run` or the latest), check its bundle and load it. */
export function loadModel(ctx: AppContext): { model: CharLM; vocab: Vocabulary; split: SplitInfo; bundleDir: string; runDir: string } {
  const { bundleDir, runDir } = ctx.openRun({ formatVersion: BUNDLE_FORMAT_VERSION });
  const vocab = Vocabulary.fromJSON(readJsonFile(join(bundleDir, 'vocab.json'), 'character vocabulary') as never);
  const split = readJsonFile<SplitInfo>(join(bundleDir, 'split.json'), 'split description');
  const model = CharLM.load(bundleDir);
  return { model, vocab, split, bundleDir, runDir };
}

/** Ids the sampler never draws: `<pad>`, `<bos>`, `<eos>`, `<unk>` (they never occur in the text). */
export const RESERVED_IDS = [0, 1, 2, 3] as const;
