import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AppContext, RunFolder } from '@rnn/app-kit';
import { FileFormatError, readJsonFile, writeJsonAtomic } from '@rnn/core/node';
import { GruReverser } from './gru/gru-reverser.js';
import { TinyReverser } from './tiny/tiny-reverser.js';

/** Version of this app's model bundle layout: `tiny.json`, `gru/` (a @rnn/seq2seq bundle), `test-set.json`. */
export const BUNDLE_FORMAT_VERSION = 1;
/** The app name (run folder and bundle `app`). */
export const APP_NAME = 'string-reversal';
/** The app version (bundle `appVersion`). */
export const APP_VERSION = '0.1.0';

/** What a trained bundle holds (either model may be missing when `--part` skipped it). */
export interface LoadedModels {
  tiny: TinyReverser | null;
  gru: GruReverser | null;
  /** Held-out strings of the GRU, as trained. */
  testSet: string[];
  bundleDir: string;
}

/** Save the trained models into the run's bundle folder. */
export async function saveModels(run: RunFolder, tiny: TinyReverser | null, gru: GruReverser | null, testSet: readonly string[]): Promise<void> {
  await run.saveBundle(
    async (dir) => {
      if (tiny) writeJsonAtomic(join(dir, 'tiny.json'), tiny.toJSON());
      if (gru) await gru.save(join(dir, 'gru'));
      writeJsonAtomic(join(dir, 'test-set.json'), testSet);
    },
    { formatVersion: BUNDLE_FORMAT_VERSION, appVersion: APP_VERSION, extra: { tiny: tiny !== null, gru: gru !== null } },
  );
}

/** Find the run (`--run` or the latest), check its bundle, and load whatever models it has. */
export async function loadModels(ctx: AppContext): Promise<LoadedModels> {
  const { bundleDir } = ctx.openRun({ formatVersion: BUNDLE_FORMAT_VERSION });
  const tinyPath = join(bundleDir, 'tiny.json');
  const gruDir = join(bundleDir, 'gru');
  const tiny = existsSync(tinyPath) ? TinyReverser.fromJSON(readJsonFile(tinyPath, 'tiny model weights')) : null;
  const gru = existsSync(gruDir) ? await GruReverser.load(gruDir) : null;
  if (!tiny && !gru) throw new FileFormatError(`Expected tiny.json or gru/ in the model bundle ${bundleDir}, but it has neither.`);
  const testPath = join(bundleDir, 'test-set.json');
  const testSet = existsSync(testPath) ? readJsonFile<string[]>(testPath, 'held-out strings') : [];
  return { tiny, gru, testSet, bundleDir };
}
