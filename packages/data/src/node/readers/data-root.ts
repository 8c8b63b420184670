import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkKnownOptions, checkOneOf, FileFormatError } from '@rnn/core';
import { DATASET_NAMES, DATASETS, type DatasetName } from '../../download/registry.js';

/**
 * The environment variable naming the data root.
 *
 * @example
 * ```ts
 * process.env[DATA_DIR_ENV] = '/data/corpora'; // same as RNN_DATA_DIR=/data/corpora
 * ```
 */
export const DATA_DIR_ENV = 'RNN_DATA_DIR';

/** Options of {@link resolveDataRoot}. */
export interface ResolveDataRootArgs {
  /** The value of a `--data <dir>` command-line flag. Wins over everything else. Default: `undefined`. */
  flag?: string;
  /** The environment to read `RNN_DATA_DIR` from. Default: `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * Folders to walk up from, looking for the monorepo root (the folder whose `package.json` has
   * `workspaces`); `<root>/../shared/data` is the candidate. Default: `[process.cwd()]` plus this
   * package's own location.
   */
  searchFrom?: readonly string[];
}

function isDir(p: string): boolean {
  return existsSync(p) && statSync(p).isDirectory();
}

function hasWorkspaces(dir: string): boolean {
  const pkg = join(dir, 'package.json');
  if (!existsSync(pkg)) return false;
  try {
    const json = JSON.parse(readFileSync(pkg, 'utf8')) as { workspaces?: unknown };
    return json.workspaces !== undefined;
  } catch {
    return false;
  }
}

function packageDir(): string | undefined {
  try {
    // tsup's `shims` makes import.meta.url work in the CJS build too.
    return dirname(fileURLToPath(import.meta.url));
  } catch {
    return undefined;
  }
}

/**
 * Find the folder holding the corpora (the layout of `../shared/data`: `translation/`, `text/`,
 * `sentiment/`, `treebank/`). In order: the `--data` flag value, then `RNN_DATA_DIR`, then
 * `<monorepo root>/../shared/data`, where the monorepo root is found by walking up from the current
 * directory and from this package's location to the first folder whose `package.json` has
 * `workspaces`. An explicit flag or variable that names a missing folder is an error (it is never
 * silently skipped).
 *
 * @param args - see {@link ResolveDataRootArgs}.
 * @returns the absolute path of the data root.
 * @throws FileFormatError listing every place looked at when none exists.
 * @example
 * ```ts
 * const root = resolveDataRoot({ flag: opts.data }); // '/work/shared/data'
 * ```
 */
export function resolveDataRoot(args: ResolveDataRootArgs = {}): string {
  checkKnownOptions('resolveDataRoot options', args, ['flag', 'env', 'searchFrom']);
  if (args.flag !== undefined && args.flag !== '') {
    const p = resolve(args.flag);
    if (isDir(p)) return p;
    throw new FileFormatError(`Expected the --data folder ${p} to exist, but it does not (looked at: --data ${p}).`);
  }
  const env = args.env ?? process.env;
  const fromEnv = env[DATA_DIR_ENV];
  if (fromEnv !== undefined && fromEnv !== '') {
    const p = resolve(fromEnv);
    if (isDir(p)) return p;
    throw new FileFormatError(`Expected ${DATA_DIR_ENV}=${fromEnv} to name an existing folder, but ${p} does not exist.`);
  }
  const starts = args.searchFrom ?? [process.cwd(), ...(packageDir() ? [packageDir() as string] : [])];
  const looked: string[] = ['--data flag (not given)', `${DATA_DIR_ENV} (not set)`];
  const seen = new Set<string>();
  for (const start of starts) {
    let dir = resolve(start);
    for (;;) {
      if (hasWorkspaces(dir)) {
        const candidate = resolve(dir, '..', 'shared', 'data');
        if (!seen.has(candidate)) {
          seen.add(candidate);
          if (isDir(candidate)) return candidate;
          looked.push(`${candidate} (beside the monorepo root ${dir}, found from ${start})`);
        }
        break;
      }
      const parent = dirname(dir);
      if (parent === dir) {
        looked.push(`no monorepo root (package.json with "workspaces") above ${resolve(start)}`);
        break;
      }
      dir = parent;
    }
  }
  throw new FileFormatError(
    `Expected a data folder, but found none. Looked at: ${looked.join('; ')}. Pass --data <dir>, set ${DATA_DIR_ENV}, or fetch the corpora with download(name, { cacheDir }).`,
  );
}

/** Options of {@link dataFile}. */
export interface DataFileArgs {
  /** The data root. Default: `resolveDataRoot()`. */
  root?: string;
}

/**
 * The path of a known corpus under the data root (`fra` → `translation/fra.txt`, `alice` →
 * `text/alice-in-wonderland.txt`, `looking-glass` → `text/through-the-looking-glass.txt`,
 * `sentiment` → the `sentiment/` folder, `treebank` → `treebank/tagged.txt`).
 *
 * @param name - a {@link DatasetName}.
 * @param args - see {@link DataFileArgs}.
 * @throws FileFormatError when the data root cannot be found or the corpus is not in it.
 * @throws ValueError when `name` is not a known corpus.
 * @example
 * ```ts
 * dataFile('fra'); // '/work/shared/data/translation/fra.txt'
 * dataFile('sentiment', { root: '/data' }); // '/data/sentiment'
 * ```
 */
export function dataFile(name: DatasetName, args: DataFileArgs = {}): string {
  checkKnownOptions('dataFile options', args, ['root']);
  checkOneOf('name', name, DATASET_NAMES);
  const root = args.root ?? resolveDataRoot();
  const p = join(root, DATASETS[name].path);
  if (!existsSync(p)) {
    throw new FileFormatError(
      `Expected the ${name} corpus at ${p}, but it does not exist. Fetch it with download('${name}', { cacheDir: ${JSON.stringify(root)} }).`,
    );
  }
  return p;
}
