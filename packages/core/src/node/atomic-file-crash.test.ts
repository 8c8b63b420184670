import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { FolderInUseError, readJsonFile, recoverDirAtomic, writeDirAtomic } from './atomic-file.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'rnn-core-crash-'));

/**
 * Transpile atomic-file.ts and the modules it imports (relative imports, followed recursively) into
 * plain ESM under `root/lib`, so child processes can run the real code with `node` alone.
 */
function transpileForChild(): string {
  const out = join(root, 'lib');
  // The package's src/: atomic-file.ts (in node/) imports ../errors.ts.
  const srcRoot = resolve(here, '..');
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    const js = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
    }).outputText;
    const dest = join(out, file.slice(srcRoot.length)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(dest), { recursive: true });
    writeFileSync(dest, js);
    for (const m of source.matchAll(/from '(\.{1,2}\/[^']+)\.js'/g)) visit(resolve(dirname(file), `${m[1]}.ts`));
  };
  visit(join(here, 'atomic-file.ts'));
  writeFileSync(join(out, 'package.json'), '{"type":"module"}');
  return join(out, 'node', 'atomic-file.js');
}

const lib = transpileForChild();

/**
 * The child: saves `version` into `dest` as two files (a.txt, b.txt, each write counted as a step
 * like writeDirAtomic's own steps) and SIGKILLs itself right after step `killAt` (0: never). With
 * `hold`, it prints "locked" after taking the lock and waits until the file `hold` exists.
 * Prints the number of steps it went through.
 */
const child = join(root, 'child.mjs');
writeFileSync(
  child,
  `import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeDirAtomic } from ${JSON.stringify(lib)};
const [dest, version, killAtArg, hold] = process.argv.slice(2);
const killAt = Number(killAtArg);
let n = 0;
const step = (name) => {
  n++;
  if (n === killAt) process.kill(process.pid, 'SIGKILL');
  if (name === 'lock' && hold) {
    process.stdout.write('locked\\n');
    while (!existsSync(hold)) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
  }
};
await writeDirAtomic(dest, (tmp) => {
  writeFileSync(join(tmp, 'a.txt'), JSON.stringify(version + '-a'));
  step('write a');
  writeFileSync(join(tmp, 'b.txt'), version + '-b');
  step('write b');
}, { afterStep: step });
process.stdout.write(String(n) + '\\n');
`,
);

function runChild(dest: string, version: string, killAt: number): { status: number | null; signal: string | null; stdout: string; pid: number } {
  const r = spawnSync(process.execPath, [child, dest, version, String(killAt)], { encoding: 'utf8' });
  return { status: r.status, signal: r.signal, stdout: r.stdout, pid: r.pid ?? -1 };
}

/** What a reader finds at `dest` after recovering: the version of a complete bundle, or why it is not one. */
function loadVersion(dest: string): string {
  recoverDirAtomic(dest);
  if (!existsSync(dest)) return 'missing';
  const files = readdirSync(dest).sort();
  if (files.join() !== 'a.txt,b.txt') return `incomplete: ${files.join()}`;
  const a = JSON.parse(readFileSync(join(dest, 'a.txt'), 'utf8')) as string;
  const b = readFileSync(join(dest, 'b.txt'), 'utf8');
  return a.replace(/-a$/, '') === b.replace(/-b$/, '') ? a.replace(/-a$/, '') : `mixed: ${a} ${b}`;
}

/** Save `version` in this process, as the child does. */
async function saveVersion(dest: string, version: string): Promise<void> {
  await writeDirAtomic(dest, (tmp) => {
    writeFileSync(join(tmp, 'a.txt'), JSON.stringify(`${version}-a`));
    writeFileSync(join(tmp, 'b.txt'), `${version}-b`);
  });
}

/** A pid that belonged to a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', ''], { encoding: 'utf8' });
  return r.pid as number;
}

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('writeDirAtomic under fault injection', () => {
  it('leaves the old or the new complete folder when the writer is killed after any step', async () => {
    const base = join(root, 'replace-base');
    const full = runChild(join(base, 'ck'), 'old', 0);
    expect(full.status).toBe(0);
    // lock, recover, clean, mkdir, write a, write b, fill, fsync, move-old, move-new, fsync-parent, remove-old, unlock
    const replacing = Number(runChild(join(base, 'ck'), 'old', 0).stdout.trim());
    expect(replacing).toBe(13);

    const outcomes: string[] = [];
    for (let k = 1; k <= replacing; k++) {
      const scene = join(root, `replace-${k}`);
      cpSync(base, scene, { recursive: true });
      const dest = join(scene, 'ck');
      const r = runChild(dest, 'new', k);
      expect(r.signal).toBe('SIGKILL');
      const v = loadVersion(dest);
      outcomes.push(v);
      expect(['old', 'new']).toContain(v);
      // the next save takes over the dead writer's lock, cleans its temporaries and succeeds
      await saveVersion(dest, 'next');
      expect(loadVersion(dest)).toBe('next');
      expect(readdirSync(scene)).toEqual(['ck']);
    }
    // killed before the swap: old; killed after the old folder moved aside: the new one is rolled forward
    expect(outcomes).toEqual(['old', 'old', 'old', 'old', 'old', 'old', 'old', 'old', 'new', 'new', 'new', 'new', 'new']);
  });

  it('leaves nothing or the new complete folder when a first save is killed after any step', async () => {
    // lock, recover, clean, mkdir, write a, write b, fill, fsync, move-new, fsync-parent, unlock
    expect(Number(runChild(join(root, 'count', 'ck'), 'x', 0).stdout.trim())).toBe(11);
    for (let k = 1; k <= 11; k++) {
      const scene = join(root, `first-${k}`);
      const dest = join(scene, 'ck');
      const r = runChild(dest, 'new', k);
      expect(r.signal).toBe('SIGKILL');
      const v = loadVersion(dest);
      expect(v).toBe(k < 9 ? 'missing' : 'new'); // new from move-new (step 9) on
      await saveVersion(dest, 'next');
      expect(readdirSync(scene)).toEqual(['ck']);
    }
  });

  it('readJsonFile recovers the folder of a writer killed between its two renames', () => {
    const scene = join(root, 'json');
    const dest = join(scene, 'ck');
    runChild(dest, 'old', 0);
    const r = runChild(dest, 'new', 9); // killed right after move-old
    expect(r.signal).toBe('SIGKILL');
    expect(existsSync(dest)).toBe(false);
    writeFileSync(join(scene, `.ck.tmp-${r.pid}-x`), 'not a folder'); // ignored
    expect(readJsonFile<string>(join(dest, 'a.txt'), 'test file')).toBe('new-a');
  });

  it("restores this process's own abandoned swap without waiting, preferring the complete new folder", () => {
    const scene = join(root, 'own');
    const dest = join(scene, 'ck');
    for (const [name, v] of [
      [`.ck.old.tmp-${process.pid}-1234abcd`, 'old'],
      [`.ck.tmp-${process.pid}-1234abcd`, 'new'],
    ] as const) {
      mkdirSync(join(scene, name), { recursive: true });
      writeFileSync(join(scene, name, 'a.txt'), JSON.stringify(`${v}-a`));
      writeFileSync(join(scene, name, 'b.txt'), `${v}-b`);
    }
    expect(loadVersion(dest)).toBe('new');
  });
});

describe('writeDirAtomic stale temporaries and locks', () => {
  it('removes temporary folders of dead writers and keeps those of live ones', async () => {
    const scene = join(root, 'stale');
    const dest = join(scene, 'ck');
    await writeDirAtomic(dest, (tmp) => writeFileSync(join(tmp, 'a.txt'), '1'));
    const dead = deadPid();
    const deadTmp = join(scene, `.ck.tmp-${dead}-0a1b2c3d`);
    const deadOld = join(scene, `.ck.old.tmp-${dead}-0a1b2c3e`);
    const liveTmp = join(scene, `.ck.tmp-${process.ppid}-0a1b2c3f`);
    for (const d of [deadTmp, deadOld, liveTmp]) {
      mkdirSync(d);
      writeFileSync(join(d, 'big.bin'), Buffer.alloc(1000));
    }
    await writeDirAtomic(dest, (tmp) => writeFileSync(join(tmp, 'a.txt'), '2'));
    expect(readdirSync(scene).sort()).toEqual([`.ck.tmp-${process.ppid}-0a1b2c3f`, 'ck']);
    expect(readFileSync(join(dest, 'a.txt'), 'utf8')).toBe('2');
  });

  it('refuses a second writer with FolderInUseError naming the pid, then lets it in once the first is done', async () => {
    const scene = join(root, 'two');
    const dest = join(scene, 'ck');
    const release = join(root, 'two-release');
    const first = spawn(process.execPath, [child, dest, 'first', '0', release], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    await new Promise<void>((res, rej) => {
      first.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('locked')) res();
      });
      first.on('exit', () => rej(new Error(`child exited early: ${out}`)));
    });
    const second = writeDirAtomic(dest, (tmp) => writeFileSync(join(tmp, 'a.txt'), 'second'));
    await expect(second).rejects.toThrow(FolderInUseError);
    await expect(writeDirAtomic(dest, () => {})).rejects.toThrow(
      new RegExp(`only writer of .*two.ck, but it is in use by process ${first.pid} \\(lock file .*\\.ck\\.lock\\)`),
    );
    // a second process gets the same error
    const r = spawnSync(process.execPath, [child, dest, 'third', '0'], { encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(new RegExp(`FolderInUseError.*in use by process ${first.pid}`));
    writeFileSync(release, '');
    await new Promise((res) => first.on('close', res));
    expect(first.exitCode).toBe(0);
    expect(loadVersion(dest)).toBe('first');
    await writeDirAtomic(dest, (tmp) => {
      writeFileSync(join(tmp, 'a.txt'), '"later-a"');
      writeFileSync(join(tmp, 'b.txt'), 'later-b');
    });
    expect(loadVersion(dest)).toBe('later');
    expect(readdirSync(scene)).toEqual(['ck']);
  });

  it('refuses a concurrent save in the same process and releases the lock when fill throws', async () => {
    const dest = join(root, 'same', 'ck');
    let inside!: () => void;
    const entered = new Promise<void>((res) => {
      inside = res;
    });
    let finish!: () => void;
    const first = writeDirAtomic(dest, async (tmp) => {
      inside();
      await new Promise<void>((res) => {
        finish = res;
      });
      writeFileSync(join(tmp, 'a.txt'), '1');
    });
    await entered;
    await expect(writeDirAtomic(dest, () => {})).rejects.toThrow(new RegExp(`in use by process ${process.pid} \\(this process\\)`));
    finish();
    await first;
    await expect(
      writeDirAtomic(dest, () => {
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect(readdirSync(join(root, 'same'))).toEqual(['ck']);
    await writeDirAtomic(dest, (tmp) => writeFileSync(join(tmp, 'a.txt'), '2'));
    expect(readFileSync(join(dest, 'a.txt'), 'utf8')).toBe('2');
  });

  it('takes over a lock whose process is dead, and an empty lock once it is old', async () => {
    const scene = join(root, 'stale-lock');
    mkdirSync(scene);
    const dest = join(scene, 'ck');
    const lock = join(scene, '.ck.lock');
    writeFileSync(lock, `${deadPid()}\nabcd\n`);
    // and a stale lock a dead taker had moved aside
    writeFileSync(join(scene, `.ck.lock.stale-${deadPid()}-00aa11bb`), '1\n');
    await writeDirAtomic(dest, (tmp) => writeFileSync(join(tmp, 'a.txt'), '1'));
    expect(readdirSync(scene)).toEqual(['ck']);
    // an empty lock (a writer killed between open and write) is waited on for a few seconds, then taken over
    writeFileSync(lock, '');
    const old = new Date(Date.now() - 60_000);
    utimesSync(lock, old, old);
    await writeDirAtomic(dest, (tmp) => writeFileSync(join(tmp, 'a.txt'), '2'));
    expect(readFileSync(join(dest, 'a.txt'), 'utf8')).toBe('2');
    expect(readdirSync(scene)).toEqual(['ck']);
  });
});
