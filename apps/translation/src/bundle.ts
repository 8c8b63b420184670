import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AppContext, RunFolder } from '@rnn/app-kit';
import { FileFormatError, readJsonFile, writeJsonAtomic } from '@rnn/core/node';
import type { ReferenceGroup } from '@rnn/data';
import { Translator } from '@rnn/seq2seq/node';
import { Vocabulary } from '@rnn/tokenizers';

/** Version of this app's model bundle layout: `translator/` (a @rnn/seq2seq bundle with both vocabularies) and `test-set.json`. */
export const BUNDLE_FORMAT_VERSION = 1;
/** The app name (run folder and bundle `app`). */
export const APP_NAME = 'translation';
/** The app version (bundle `appVersion`). */
export const APP_VERSION = '0.1.0';

/** A loaded bundle. */
export interface LoadedBundle {
  translator: Translator;
  /** The held-out test sources with all their references, as split at training time. */
  testGroups: ReferenceGroup[];
  bundleDir: string;
  runDir: string;
}

/** Save the trained translator and its test split into the run's bundle folder. */
export async function saveTranslation(run: RunFolder, translator: Translator, testGroups: readonly ReferenceGroup[], extra: Record<string, unknown>): Promise<void> {
  await run.saveBundle(
    async (dir) => {
      await translator.save(join(dir, 'translator'));
      writeJsonAtomic(join(dir, 'test-set.json'), testGroups);
    },
    { formatVersion: BUNDLE_FORMAT_VERSION, appVersion: APP_VERSION, extra },
  );
}

/** Find the run (`--run` or the latest), check its bundle (app and format), and load the translator. */
export async function loadTranslation(ctx: AppContext): Promise<LoadedBundle> {
  const { bundleDir, runDir } = ctx.openRun({ formatVersion: BUNDLE_FORMAT_VERSION });
  const dir = join(bundleDir, 'translator');
  if (!existsSync(dir)) throw new FileFormatError(`Expected translator/ in the model bundle ${bundleDir}, but it is missing.`);
  const translator = await Translator.load(dir, { vocabularyFromJSON: (j) => Vocabulary.fromJSON(j as never) });
  const testPath = join(bundleDir, 'test-set.json');
  const testGroups = existsSync(testPath) ? readJsonFile<ReferenceGroup[]>(testPath, 'held-out test set') : [];
  return { translator, testGroups, bundleDir, runDir };
}

/**
 * A translator over the same model with another decoding (greedy for `beam` 1, else beam search with GNMT α).
 * `<unk>` is suppressed unless `keepUnk`: it can never match a reference, and an under-trained model's most
 * likely content word is often `<unk>` (`je suis <unk> .`), so the best known word is used instead.
 */
export function withDecoding(t: Translator, beam: number, lengthPenalty: number, maxLength: number, keepUnk = false): Translator {
  const suppressTokens = keepUnk ? [] : [(t.targetVocab as Vocabulary).unkId];
  return new Translator({
    model: t.model,
    sourceVocab: t.sourceVocab,
    targetVocab: t.targetVocab,
    decoding:
      beam <= 1
        ? { strategy: 'greedy', maxLength, suppressTokens }
        : { strategy: 'beam', beamWidth: beam, lengthPenalty, maxLength, suppressTokens },
  });
}
