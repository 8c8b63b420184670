import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describeValue, FileFormatError, ValueError } from '../errors.js';

function tempSibling(path: string): string {
  return join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
}

function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some file systems do not allow fsync on a directory; the rename is still atomic.
  }
}

/**
 * Write a file atomically: the bytes go to a temporary sibling, are flushed to disk, and the
 * temporary file is renamed over `path`. A reader (or a crash) sees the old file or the new one,
 * never a half-written one. Parent folders are created.
 *
 * @param path - the destination file.
 * @param data - text (written as UTF-8) or bytes.
 * @throws ValueError when `data` is neither; the existing file is untouched.
 * @example
 * ```ts
 * writeFileAtomic('runs/x/metrics.json', JSON.stringify({ bleu: 0.31 }));
 * ```
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  if (typeof data !== 'string' && !(data instanceof Uint8Array)) {
    throw new ValueError(`Expected \`data\` for ${path} to be a string or a Uint8Array, but got ${describeValue(data)}.`);
  }
  mkdirSync(dirname(path), { recursive: true });
  const tmp = tempSibling(path);
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'w');
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, path);
    fsyncDir(dirname(path));
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
}

/**
 * Write `value` as pretty JSON, atomically (see {@link writeFileAtomic}).
 *
 * @example
 * ```ts
 * writeJsonAtomic('runs/x/config.json', { units: 64 });
 * ```
 */
export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Read and parse a JSON file, with an error that names `what` and the path when it is missing or malformed.
 *
 * @param path - the file.
 * @param what - what the file is, for the error message (e.g. `'model bundle manifest'`).
 * @throws FileFormatError when the file does not exist or is not valid JSON.
 * @example
 * ```ts
 * const cfg = readJsonFile<{ units: number }>('runs/x/config.json', 'run config');
 * ```
 */
export function readJsonFile<T = unknown>(path: string, what: string): T {
  if (!existsSync(path)) {
    throw new FileFormatError(`Expected the ${what} at ${path}, but the file does not exist.`);
  }
  const text = readFileSync(path, 'utf8');
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new FileFormatError(`Expected the ${what} at ${path} to be JSON, but parsing failed: ${(err as Error).message}`);
  }
}

/**
 * Write a whole folder atomically. `fill(tmpDir)` writes every file into a fresh temporary sibling
 * folder; only when it returns is the folder swapped into place (the previous folder, if any, is
 * moved aside first and removed after). If `fill` throws, the destination is left exactly as it was.
 *
 * @param dir - the destination folder.
 * @param fill - writes the folder's content into the temporary folder it is given.
 * @example
 * ```ts
 * await writeDirAtomic('runs/x/model', async (tmp) => {
 *   writeFileSync(join(tmp, 'a.json'), '{}');
 * });
 * ```
 */
export async function writeDirAtomic(dir: string, fill: (tmpDir: string) => Promise<void> | void): Promise<void> {
  mkdirSync(dirname(dir), { recursive: true });
  const tmp = tempSibling(dir);
  mkdirSync(tmp);
  try {
    await fill(tmp);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  fsyncDir(tmp);
  if (existsSync(dir)) {
    const old = tempSibling(`${dir}.old`);
    renameSync(dir, old);
    try {
      renameSync(tmp, dir);
    } catch (err) {
      renameSync(old, dir);
      rmSync(tmp, { recursive: true, force: true });
      throw err;
    }
    rmSync(old, { recursive: true, force: true });
  } else {
    renameSync(tmp, dir);
  }
  fsyncDir(dirname(dir));
}
