import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describeValue, FileFormatError, readJsonFile, recoverDirAtomic } from '@rnn/core/node';

/**
 * The file name of a bundle manifest inside a model bundle folder.
 *
 * @example
 * ```ts
 * join(run.modelDir, BUNDLE_MANIFEST); // runs/demo/<timestamp>/model/bundle.json
 * ```
 */
export const BUNDLE_MANIFEST = 'bundle.json';

/**
 * The manifest `bundle.json` that every saved model bundle (`<run>/model/`) carries, so a bundle can
 * be checked before an app tries to load it.
 *
 * @example
 * ```ts
 * const m: RunBundleManifest = { app: 'text-generation', formatVersion: 1, createdAt: '2026-11-23T10:00:00.000Z' };
 * ```
 */
export interface RunBundleManifest {
  /** The app that wrote the bundle, e.g. `'text-generation'`. */
  app: string;
  /** The app's bundle format version; bump it when the bundle content changes incompatibly. */
  formatVersion: number;
  /** ISO time the bundle was written. */
  createdAt: string;
  /** The app version that wrote it. */
  appVersion?: string;
  /** Anything else the app wants to record (vocabulary size, config name…). */
  [key: string]: unknown;
}

/**
 * What {@link checkBundle} expects.
 *
 * @example
 * ```ts
 * const expected: CheckBundleArgs = { app: 'text-generation', formatVersion: 1 };
 * ```
 */
export interface CheckBundleArgs {
  /** The app that is about to load the bundle. */
  app: string;
  /** The bundle format version the app can read. */
  formatVersion: number;
}

/**
 * Locate the bundle folder for `dir`: `dir` itself when it holds `bundle.json`, else `dir/model`
 * when that does (so a run folder works too).
 */
export function bundleDirOf(dir: string): string {
  // A save killed between writeDirAtomic's two renames is put back first (the old or the new bundle).
  recoverDirAtomic(dir);
  if (existsSync(dir)) recoverDirAtomic(join(dir, 'model'));
  if (existsSync(join(dir, BUNDLE_MANIFEST))) return dir;
  const model = join(dir, 'model');
  if (existsSync(join(model, BUNDLE_MANIFEST))) return model;
  return dir;
}

/**
 * Check that `dir` holds a model bundle this app can load, before loading it. `dir` may be the
 * bundle folder (`<run>/model`) or the run folder.
 *
 * @returns the manifest and the bundle folder.
 * @throws FileFormatError when the folder is missing, has no `bundle.json`, or was written by
 *   another app or another format version; the message names both sides.
 * @example
 * ```ts
 * const { bundleDir } = checkBundle('runs/text-generation/2026-11-23T10-00-00-000Z', { app: 'text-generation', formatVersion: 1 });
 * // throws for a string-reversal bundle:
 * // Expected a model bundle of app "text-generation", but … was written by app "string-reversal".
 * ```
 */
export function checkBundle(dir: string, expected: CheckBundleArgs): { manifest: RunBundleManifest; bundleDir: string } {
  recoverDirAtomic(dir);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new FileFormatError(`Expected a model bundle folder at ${dir}, but it does not exist.`);
  }
  const bundleDir = bundleDirOf(dir);
  const path = join(bundleDir, BUNDLE_MANIFEST);
  if (!existsSync(path)) {
    throw new FileFormatError(
      `Expected a model bundle at ${dir} (a ${BUNDLE_MANIFEST} in it or in its model/ folder), but there is none. Was training finished?`,
    );
  }
  const manifest = readJsonFile<RunBundleManifest>(path, 'model bundle manifest');
  if (manifest === null || typeof manifest !== 'object' || typeof manifest.app !== 'string') {
    throw new FileFormatError(`Expected ${path} to be a bundle manifest with an "app" field, but got ${describeValue(manifest)}.`);
  }
  if (manifest.app !== expected.app) {
    throw new FileFormatError(
      `Expected a model bundle of app "${expected.app}", but ${bundleDir} was written by app "${manifest.app}". Pass --run with a run of ${expected.app}.`,
    );
  }
  if (manifest.formatVersion !== expected.formatVersion) {
    throw new FileFormatError(
      `Expected a ${expected.app} model bundle of format version ${expected.formatVersion}, but ${bundleDir} has format version ${describeValue(manifest.formatVersion)}. Retrain with this version of the app.`,
    );
  }
  return { manifest, bundleDir };
}
