// Where the page's translator bundle comes from at build time (Node only; used by vite.config.ts, the
// browser test and the benchmark). The page itself only ever sees a URL and loads it with the library.
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const appDir = resolve(new URL('..', import.meta.url).pathname);
/** The environment variable naming a translator bundle folder (the folder with bundle.json) to copy into the build. */
export const BUNDLE_DIR_ENV = 'RNN_WEB_BUNDLE_DIR';

/**
 * The translator folder of the latest run that `npm run demo` (or `translate train`) saved:
 * `apps/translation/runs/translation/<run>/model/translator`, or undefined when there is none.
 */
export function latestDemoBundle(runsDir = resolve(appDir, '..', 'translation', 'runs', 'translation')) {
  if (!existsSync(runsDir)) return undefined;
  const names = readdirSync(runsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
    .map((d) => d.name)
    .sort();
  for (let i = names.length - 1; i >= 0; i--) {
    const dir = join(runsDir, names[i], 'model', 'translator');
    if (existsSync(join(dir, 'bundle.json'))) return dir;
  }
  return undefined;
}

/** The bundle folder to ship with the page: `RNN_WEB_BUNDLE_DIR` when set, else the latest demo run's, else undefined. */
export function bundleSource(env = process.env) {
  const fromEnv = env[BUNDLE_DIR_ENV];
  if (fromEnv) {
    const dir = resolve(fromEnv);
    if (!existsSync(join(dir, 'bundle.json'))) {
      throw new Error(
        `Expected ${BUNDLE_DIR_ENV}=${fromEnv} to be a translator bundle folder (with bundle.json), but ${join(dir, 'bundle.json')} does not exist.`,
      );
    }
    return dir;
  }
  return latestDemoBundle();
}
