import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AppContext, RunFolder } from '@rnn/app-kit';
import { describeValue, FileFormatError } from '@rnn/core';
import { readJsonFile, writeJsonAtomic } from '@rnn/core/node';
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
export async function saveTranslation(
  run: RunFolder,
  translator: Translator,
  testGroups: readonly ReferenceGroup[],
  extra: Record<string, unknown>,
): Promise<void> {
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
  const testGroups = existsSync(testPath) ? readTestSet(testPath) : [];
  return { translator, testGroups, bundleDir, runDir };
}

/**
 * Read a bundle's `test-set.json`: an array of `{ source, targets }` with a string source and at least one
 * string target each.
 *
 * @throws FileFormatError naming the file, the entry and what was expected for any other shape.
 * @example
 * ```ts
 * readTestSet('runs/translation/…/model/test-set.json')[0]; // { source: 'i m cold .', targets: ['j ai froid .'] }
 * ```
 */
export function readTestSet(path: string): ReferenceGroup[] {
  const data = readJsonFile<unknown>(path, 'held-out test set');
  const expected = (where: string, what: string, got: unknown) =>
    new FileFormatError(`Expected ${where} in the held-out test set ${path} to be ${what}, but got ${describeValue(got)}.`);
  if (!Array.isArray(data)) throw expected('the top level', 'an array of { source, targets } groups', data);
  data.forEach((g: unknown, i) => {
    if (g === null || typeof g !== 'object' || Array.isArray(g)) throw expected(`entry ${i}`, 'an object { source, targets }', g);
    const { source, targets } = g as { source?: unknown; targets?: unknown };
    if (typeof source !== 'string') throw expected(`\`[${i}].source\``, 'a string', source);
    if (!Array.isArray(targets) || targets.length === 0) throw expected(`\`[${i}].targets\``, 'a non-empty array of strings', targets);
    targets.forEach((t: unknown, j) => {
      if (typeof t !== 'string') throw expected(`\`[${i}].targets[${j}]\``, 'a string', t);
    });
  });
  return data as ReferenceGroup[];
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
    decoding: beam <= 1 ? { strategy: 'greedy', maxLength, suppressTokens } : { strategy: 'beam', beamWidth: beam, lengthPenalty, maxLength, suppressTokens },
  });
}
