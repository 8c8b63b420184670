import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { recoverDirAtomic } from '@rnn/core/node';
import { BUNDLE_MANIFEST } from './bundle.js';

/**
 * Options of {@link latestRun}.
 *
 * @example
 * ```ts
 * latestRun('demo', 'runs', { requireBundle: false }); // also a run whose training crashed
 * ```
 */
export interface LatestRunArgs {
  /** Only consider runs that saved a model bundle (`model/bundle.json`). Default: true. */
  requireBundle?: boolean;
}

/**
 * The newest run folder of `app` under `outDir` (`<outDir>/<app>/<timestamp>/`), or `undefined`
 * when there is none. Run folder names are ISO-like timestamps, so the newest sorts last.
 *
 * @param app - the app name, e.g. `'string-reversal'`.
 * @param outDir - the `--out` folder. Default (in the CLI): `<cwd>/runs`.
 * @example
 * ```ts
 * latestRun('string-reversal', 'runs'); // 'runs/string-reversal/2026-11-23T10-41-07-123Z'
 * ```
 */
export function latestRun(app: string, outDir: string, args: LatestRunArgs = {}): string | undefined {
  const requireBundle = args.requireBundle ?? true;
  const root = join(outDir, app);
  if (!existsSync(root)) return undefined;
  const names = readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
    .map((d) => d.name)
    .sort();
  for (let i = names.length - 1; i >= 0; i--) {
    const dir = join(root, names[i]!);
    if (requireBundle) recoverDirAtomic(join(dir, 'model')); // a save killed mid-swap: put the bundle back first
    if (!requireBundle || existsSync(join(dir, 'model', BUNDLE_MANIFEST))) return dir;
  }
  return undefined;
}
