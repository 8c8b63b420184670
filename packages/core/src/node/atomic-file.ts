import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describeValue, FileFormatError, ValueError } from '../errors.js';

function newToken(): string {
  return randomBytes(4).toString('hex');
}

function tempSibling(path: string, token = newToken()): string {
  return join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${token}`);
}

/**
 * Write a file atomically: the bytes go to a temporary sibling, are flushed to disk (fsync), and the
 * temporary file is renamed over `path`, then the folder is fsynced. A reader (or a crash) sees the
 * old file or the new one, never a half-written one. Parent folders are created. Temporary siblings
 * left by killed writers of the same file (dead pid in the name) are removed.
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
  // Temporary files of writers killed before their rename (their pid is in the name).
  for (const l of leftovers(path)) {
    if (l.kind === 'tmp' && l.pid !== process.pid && !isAlive(l.pid) && !isDir(l.path)) rmSync(l.path, { force: true });
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
 * When the file is missing, its folder is first recovered from an interrupted {@link writeDirAtomic}
 * (see {@link recoverDirAtomic}).
 *
 * @throws FileFormatError when the file does not exist or is not valid JSON.
 * @example
 * ```ts
 * const cfg = readJsonFile<{ units: number }>('runs/x/config.json', 'run config');
 * ```
 */
export function readJsonFile<T = unknown>(path: string, what: string): T {
  if (!existsSync(path)) recoverDirAtomic(dirname(path));
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
 * Another process (or another save in this process) is writing the folder: its lock file names a
 * live process. Raised by {@link writeDirAtomic} instead of the raw rename errors two writers would
 * otherwise hit.
 *
 * @example
 * ```ts
 * try { await writeDirAtomic('runs/x/ckpt', fill); }
 * catch (err) { if (err instanceof FolderInUseError) console.error(`busy: pid ${err.pid}`); }
 * ```
 */
export class FolderInUseError extends Error {
  override readonly name: string = 'FolderInUseError';
  /** The folder that was to be written. */
  readonly dir: string;
  /** The process holding the lock, or `null` when the lock file does not (yet) name one. */
  readonly pid: number | null;
  /** The lock file (`.<folder name>.lock` beside the folder). */
  readonly lockPath: string;

  constructor(dir: string, pid: number | null, lockPath: string) {
    const who = pid === null ? 'another process' : `process ${pid}${pid === process.pid ? ' (this process)' : ''}`;
    super(
      `Expected to be the only writer of ${dir}, but it is in use by ${who} (lock file ${lockPath}). ` +
        'Wait for that save to finish, or delete the lock file if no process is writing there.',
    );
    this.dir = dir;
    this.pid = pid;
    this.lockPath = lockPath;
  }
}

/**
 * The file-system steps of {@link writeDirAtomic}, in order, as passed to its `afterStep` hook.
 * `'move-old'` and `'remove-old'` only happen when the folder already existed.
 *
 * @example
 * ```ts
 * const seen: WriteDirStep[] = [];
 * await writeDirAtomic('runs/x', fill, { afterStep: (s) => seen.push(s) });
 * ```
 */
export type WriteDirStep = 'lock' | 'recover' | 'clean' | 'mkdir' | 'fill' | 'fsync' | 'move-old' | 'move-new' | 'fsync-parent' | 'remove-old' | 'unlock';

/**
 * Options of {@link writeDirAtomic}.
 *
 * @example
 * ```ts
 * const args: WriteDirAtomicArgs = { afterStep: (step) => { if (step === 'move-old') process.exit(1); } };
 * ```
 */
export interface WriteDirAtomicArgs {
  /**
   * Called after each file-system step, for fault-injection tests (kill the process at step k and
   * check that the folder still loads). Default: none.
   */
  afterStep?: (step: WriteDirStep) => void;
}

/** A lock whose file holds no pid yet is taken for a writer between its `open` and `write` for this long. */
const EMPTY_LOCK_GRACE_MS = 5000;
/** How long a reader waits for a live writer to finish swapping folders (a few renames). */
const SWAP_WAIT_MS = 10000;

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function errorCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | null)?.code;
}

/** Whether process `pid` exists (`EPERM`: it does, under another user). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return errorCode(err) === 'EPERM';
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface Leftover {
  /** `tmp`: a new folder being written; `old`: the previous folder moved aside during the swap. */
  kind: 'tmp' | 'old';
  pid: number;
  token: string;
  path: string;
}

/** Temporary siblings of `dir` left by writers: `.<name>.tmp-<pid>-<token>` and `.<name>.old.tmp-<pid>-<token>`. */
function leftovers(dir: string): Leftover[] {
  const parent = dirname(dir);
  const re = new RegExp(`^\\.${escapeRegExp(basename(dir))}\\.(old\\.)?tmp-(\\d+)-([0-9a-f]+)$`);
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return [];
  }
  const out: Leftover[] = [];
  for (const name of names) {
    const m = re.exec(name);
    if (m) out.push({ kind: m[1] ? 'old' : 'tmp', pid: Number(m[2]), token: m[3] as string, path: join(parent, name) });
  }
  return out;
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function fsyncPath(path: string, flags: string): void {
  try {
    const fd = openSync(path, flags);
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some platforms refuse fsync on a directory (Windows) or on special files; the renames stay atomic.
  }
}

function fsyncDir(dir: string): void {
  fsyncPath(dir, 'r');
}

/** fsync every file below `dir`, then every folder bottom-up, so the content is on disk before the swap. */
function fsyncTree(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) fsyncTree(p);
    else if (entry.isFile()) fsyncPath(p, 'r+');
  }
  fsyncDir(dir);
}

/**
 * Put back a folder whose writer died between moving the old folder aside and moving the new one in.
 * The new folder is complete (it is fsynced before the old one moves), so it is rolled forward when it
 * is there; otherwise the old one is rolled back. Returns whether `dir` exists afterwards.
 */
function restoreFromLeftovers(dir: string, found: Leftover[]): boolean {
  // This process's own leftovers count as dead: its swaps are synchronous, so none is in progress now.
  const olds = found.filter((l) => l.kind === 'old' && (l.pid === process.pid || !isAlive(l.pid)) && isDir(l.path));
  // Newest first: with several (legacy writers without a lock), the most recent swap wins.
  const mtime = (path: string) => {
    try {
      return statSync(path).mtimeMs;
    } catch {
      return 0;
    }
  };
  olds.sort((a, b) => mtime(b.path) - mtime(a.path));
  for (const old of olds) {
    const next = found.find((l) => l.kind === 'tmp' && l.token === old.token && l.pid === old.pid && isDir(l.path));
    try {
      renameSync(next ? next.path : old.path, dir);
      fsyncDir(dirname(dir));
      return true;
    } catch (err) {
      // Another reader or writer recovered it first (ENOENT: source gone; ENOTEMPTY/EEXIST: dir is back).
      if (existsSync(dir)) return true;
      if (errorCode(err) !== 'ENOENT') throw err;
    }
  }
  return existsSync(dir);
}

/**
 * Make an interrupted {@link writeDirAtomic} invisible to a reader: when `dir` (or a folder above it)
 * is missing because its writer was killed in the instant between moving the old folder aside and
 * moving the new one in, put the new complete folder (or else the old one) back at `dir`. When a live
 * writer is in that instant, wait for it (up to 10 s). Does nothing, cheaply, when `dir` exists.
 *
 * Every reader of folders written with `writeDirAtomic` calls this first ({@link readJsonFile} does it
 * for the folder of the file it reads).
 *
 * @param dir - the folder about to be read.
 * @example
 * ```ts
 * recoverDirAtomic('runs/x/checkpoint');
 * const bytes = readFileSync('runs/x/checkpoint/weights.bin');
 * ```
 */
export function recoverDirAtomic(dir: string): void {
  if (typeof dir !== 'string' || dir === '') {
    throw new ValueError(`Expected \`dir\` to be a non-empty path, but got ${describeValue(dir)}.`);
  }
  if (existsSync(dir)) return;
  // The folder written atomically may be an ancestor (a bundle whose sub-folder is read): recover top-down.
  const missing: string[] = [];
  for (let d = dir; !existsSync(d); d = dirname(d)) {
    missing.unshift(d);
    if (dirname(d) === d) return;
  }
  for (const d of missing) {
    let found = leftovers(d);
    if (found.length === 0) return;
    const deadline = Date.now() + SWAP_WAIT_MS;
    while (!existsSync(d) && found.some((l) => l.kind === 'old' && l.pid !== process.pid && isAlive(l.pid)) && Date.now() < deadline) {
      sleepSync(20);
      found = leftovers(d);
    }
    if (!existsSync(d) && !restoreFromLeftovers(d, found)) return;
  }
}

interface HeldLock {
  path: string;
  content: string;
}

/** The pid in a lock file; `null` when it holds none (yet); `undefined` when the file is gone. */
function readLock(path: string): { pid: number | null; content: string } | undefined {
  let content: string;
  try {
    content = readFileSync(path, 'utf8');
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return undefined;
    throw err;
  }
  const m = /^(\d+)\n/.exec(content);
  return { pid: m ? Number(m[1]) : null, content };
}

function lockAgeMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * Take over a stale lock without stealing a live one: move it aside under a unique name (only one
 * taker can), and check that what was moved is the stale lock that was judged; if a live writer had
 * replaced it in between, put that one back.
 */
function takeOverLock(path: string, staleContent: string): void {
  const aside = `${path}.stale-${process.pid}-${newToken()}`;
  try {
    renameSync(path, aside);
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return;
    throw err;
  }
  let moved = '';
  try {
    moved = readFileSync(aside, 'utf8');
  } catch {
    // unreadable: treat as stale
  }
  if (moved !== staleContent) {
    try {
      linkSync(aside, path);
    } catch {
      // a third writer took the lock meanwhile; theirs stands
    }
  }
  rmSync(aside, { force: true });
}

/** The lock file of a folder: `.<name>.lock` beside it. */
function lockPathOf(dir: string): string {
  return join(dirname(dir), `.${basename(dir)}.lock`);
}

function acquireLock(dir: string): HeldLock {
  const path = lockPathOf(dir);
  const content = `${process.pid}\n${newToken()}\n`;
  for (let attempt = 0; attempt < 50; attempt++) {
    let fd: number | undefined;
    try {
      fd = openSync(path, 'wx');
    } catch (err) {
      if (errorCode(err) !== 'EEXIST') throw err;
    }
    if (fd !== undefined) {
      try {
        writeSync(fd, content);
        fsyncSync(fd);
      } catch (err) {
        closeSync(fd);
        rmSync(path, { force: true });
        throw err;
      }
      closeSync(fd);
      return { path, content };
    }
    const holder = readLock(path);
    if (holder === undefined) continue;
    if (holder.pid === null) {
      if (lockAgeMs(path) < EMPTY_LOCK_GRACE_MS) {
        sleepSync(20);
        continue;
      }
    } else if (holder.pid === process.pid || isAlive(holder.pid)) {
      throw new FolderInUseError(dir, holder.pid, path);
    }
    takeOverLock(path, holder.content);
  }
  throw new FolderInUseError(dir, readLock(path)?.pid ?? null, path);
}

function releaseLock(lock: HeldLock): void {
  if (readLock(lock.path)?.content === lock.content) rmSync(lock.path, { force: true });
}

/**
 * Write a whole folder atomically and crash-safely. `fill(tmpDir)` writes every file into a fresh
 * temporary sibling folder; only when it returns is everything fsynced and the folder swapped into
 * place (the previous folder, if any, is moved aside first and removed after). If `fill` throws, the
 * destination is left exactly as it was.
 *
 * - **Crash safety:** a process killed at any point leaves the old or the new complete folder
 *   loadable at `dir`. The one instant where `dir` is missing (between the two renames of the swap)
 *   is repaired by {@link recoverDirAtomic}, which every reader calls first (as {@link readJsonFile}
 *   does) and the next writer runs too. Temporary folders of dead writers (their names carry the
 *   writer's pid) are removed by the next save.
 * - **One writer:** a lock file `.<name>.lock` beside `dir`, created exclusively and holding the
 *   writer's pid, is held for the whole save and removed on success and on error. A second writer
 *   gets a {@link FolderInUseError} naming the pid; a lock whose process is dead is taken over.
 *
 * @param dir - the destination folder.
 * @param fill - writes the folder's content into the temporary folder it is given.
 * @param args - see {@link WriteDirAtomicArgs}.
 * @throws FolderInUseError when another live process (or another save in this one) holds the lock.
 * @example
 * ```ts
 * await writeDirAtomic('runs/x/model', async (tmp) => {
 *   writeFileSync(join(tmp, 'a.json'), '{}');
 * });
 * ```
 */
export async function writeDirAtomic(dir: string, fill: (tmpDir: string) => Promise<void> | void, args: WriteDirAtomicArgs = {}): Promise<void> {
  if (typeof dir !== 'string' || dir === '') {
    throw new ValueError(`Expected \`dir\` to be a non-empty path, but got ${describeValue(dir)}.`);
  }
  const step = args.afterStep ?? (() => {});
  const parent = dirname(dir);
  mkdirSync(parent, { recursive: true });
  const lock = acquireLock(dir);
  try {
    step('lock');
    const found = leftovers(dir);
    if (!existsSync(dir)) restoreFromLeftovers(dir, found);
    step('recover');
    // With the lock held, this process's own leftovers of `dir` are from failed saves too.
    for (const l of leftovers(dir)) {
      if (l.pid === process.pid || !isAlive(l.pid)) rmSync(l.path, { recursive: true, force: true });
    }
    // Stale locks moved aside by a taker that died before removing them.
    const staleLock = new RegExp(`^${escapeRegExp(basename(lock.path))}\\.stale-(\\d+)-[0-9a-f]+$`);
    for (const name of readdirSync(parent)) {
      const m = staleLock.exec(name);
      if (m && !isAlive(Number(m[1]))) rmSync(join(parent, name), { force: true });
    }
    step('clean');
    const token = newToken();
    const tmp = tempSibling(dir, token);
    mkdirSync(tmp);
    step('mkdir');
    try {
      await fill(tmp);
      step('fill');
      fsyncTree(tmp);
      step('fsync');
    } catch (err) {
      rmSync(tmp, { recursive: true, force: true });
      throw err;
    }
    if (existsSync(dir)) {
      // Same token as tmp, so a reader recovering from a crash right after this rename can pair them.
      const old = join(parent, `.${basename(dir)}.old.tmp-${process.pid}-${token}`);
      renameSync(dir, old);
      step('move-old');
      try {
        renameSync(tmp, dir);
      } catch (err) {
        renameSync(old, dir);
        rmSync(tmp, { recursive: true, force: true });
        throw err;
      }
      step('move-new');
      fsyncDir(parent);
      step('fsync-parent');
      rmSync(old, { recursive: true, force: true });
      step('remove-old');
    } else {
      renameSync(tmp, dir);
      step('move-new');
      fsyncDir(parent);
      step('fsync-parent');
    }
  } finally {
    releaseLock(lock);
  }
  step('unlock');
}
