import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { checkKnownOptions, checkOneOf, FileFormatError, NotImplementedError, ValueError } from '@rnn/core';
import { writeFileAtomic } from '@rnn/core/node';
import { DATASET_NAMES, DATASETS, type DatasetName, type RemoteFile } from '../../download/registry.js';

/** The subset of the WHATWG `fetch` that {@link download} uses (inject one in tests or proxies). */
export type FetchLike = (url: string) => Promise<{
  ok: boolean;
  status: number;
  statusText?: string;
  arrayBuffer(): Promise<ArrayBuffer>;
}>;

/** Options of {@link download}. */
export interface DownloadArgs {
  /** The folder to download into, laid out like the data root. Required. */
  cacheDir: string;
  /**
   * Fetch every file from `${baseUrl}/${file.path}` (e.g. a mirror of `shared/data`) instead of its
   * upstream URL. Default: `undefined` (upstream URLs from {@link DATASETS}).
   */
  baseUrl?: string;
  /** The fetch implementation. Default: the global `fetch` (Node ≥ 18). */
  fetch?: FetchLike;
  /** Called once per file with what happened to it. Default: `undefined`. */
  onFile?: (event: DownloadEvent) => void;
}

/** What {@link download} did with one file. */
export interface DownloadEvent {
  /** The file's path relative to `cacheDir`. */
  path: string;
  /** `cached`: already present with the right checksum; `downloaded`: fetched and verified. */
  status: 'cached' | 'downloaded';
  /** The URL it was fetched from (`undefined` when cached). */
  url?: string;
}

/**
 * SHA-256 of some bytes, lower-case hex.
 *
 * @example
 * ```ts
 * sha256Hex(Buffer.from('abc')); // 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
 * ```
 */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function isValid(path: string, file: RemoteFile): boolean {
  if (!existsSync(path)) return false;
  return sha256Hex(readFileSync(path)) === file.sha256;
}

/**
 * Download a known corpus into `cacheDir` (laid out like the data root, so `cacheDir` can be passed as
 * `--data` / `RNN_DATA_DIR`), verifying every file's SHA-256. A file already present with the right
 * checksum is not fetched again; one with the wrong checksum is replaced. Each file is written
 * atomically (temp file + rename) only after its checksum matched, so a failed or corrupted download
 * never leaves a bad file behind.
 *
 * @param name - a {@link DatasetName}.
 * @param args - see {@link DownloadArgs}.
 * @returns the corpus path inside `cacheDir` (what `dataFile(name, { root: cacheDir })` returns).
 * @throws FileFormatError on an HTTP error or a checksum mismatch (nothing is written).
 * @throws NotImplementedError for `treebank`, which is converted from NLTK data, not downloaded.
 * @throws ValueError for an unknown name or a missing `cacheDir`.
 * @example
 * ```ts
 * const fra = await download('fra', { cacheDir: 'data' }); // 'data/translation/fra.txt'
 * const pairs = await readTatoebaPairs(fra, { limit: 30000 });
 * ```
 */
export async function download(name: DatasetName, args: DownloadArgs): Promise<string> {
  checkKnownOptions('download options', args, ['cacheDir', 'baseUrl', 'fetch', 'onFile']);
  checkOneOf('name', name, DATASET_NAMES);
  if (args == null || typeof args.cacheDir !== 'string' || args.cacheDir === '') {
    throw new ValueError(`Expected \`cacheDir\` to be a non-empty folder path, but got ${JSON.stringify(args?.cacheDir)}.`);
  }
  const fetchFn: FetchLike = args.fetch ?? (globalThis.fetch as unknown as FetchLike);
  const entry = DATASETS[name];
  for (const file of entry.files) {
    const dest = join(args.cacheDir, file.path);
    if (isValid(dest, file)) {
      args.onFile?.({ path: file.path, status: 'cached' });
      continue;
    }
    // A present file with the wrong checksum is corrupt or stale: remove it so it can never be used.
    rmSync(dest, { force: true });
    const url = args.baseUrl !== undefined ? `${args.baseUrl.replace(/\/+$/, '')}/${file.path}` : file.url;
    if (url === null) {
      throw new NotImplementedError(`Cannot download ${file.path} of \`${name}\`: ${entry.note ?? 'it has no public URL.'}`);
    }
    const res = await fetchFn(url);
    if (!res.ok) {
      throw new FileFormatError(`Expected ${url} to serve ${file.path}, but got HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}.`);
    }
    const bytes = new Uint8Array(await res.arrayBuffer());
    const got = sha256Hex(bytes);
    if (got !== file.sha256) {
      throw new FileFormatError(
        `Expected ${url} to have sha256 ${file.sha256} (${file.bytes} bytes), but got ${got} (${bytes.length} bytes); nothing was written to ${dest}.`,
      );
    }
    writeFileAtomic(dest, bytes);
    args.onFile?.({ path: file.path, status: 'downloaded', url });
  }
  return join(args.cacheDir, entry.path);
}
