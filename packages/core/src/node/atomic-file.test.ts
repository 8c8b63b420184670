import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readJsonFile, writeDirAtomic, writeFileAtomic, writeJsonAtomic } from './atomic-file.js';

describe('atomic file IO', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnn-core-'));

  it('writes, replaces and reads JSON, leaving no temporary files', () => {
    const p = join(dir, 'a', 'b.json');
    writeJsonAtomic(p, { x: 1 });
    writeJsonAtomic(p, { x: 2 });
    expect(readJsonFile(p, 'test file')).toEqual({ x: 2 });
    expect(readdirSync(join(dir, 'a'))).toEqual(['b.json']);
  });

  it('names the file and what it is when it is missing or not JSON', () => {
    expect(() => readJsonFile(join(dir, 'nope.json'), 'run config')).toThrow(/run config at .*nope\.json.*does not exist/);
    writeFileSync(join(dir, 'bad.json'), '{oops');
    expect(() => readJsonFile(join(dir, 'bad.json'), 'run config')).toThrow(/run config .*bad\.json.*JSON/);
  });

  it('keeps the old file when writing fails', () => {
    const p = join(dir, 'keep.txt');
    writeFileAtomic(p, 'old');
    expect(() => writeFileAtomic(p, 42 as unknown as string)).toThrow(/`data`.*string or a Uint8Array.*42/);
    expect(readFileSync(p, 'utf8')).toBe('old');
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('replaces a folder only when its filler succeeds', async () => {
    const d = join(dir, 'bundle');
    await writeDirAtomic(d, (tmp) => writeFileSync(join(tmp, 'v.txt'), '1'));
    await expect(
      writeDirAtomic(d, (tmp) => {
        writeFileSync(join(tmp, 'v.txt'), '2');
        throw new Error('crash midway');
      }),
    ).rejects.toThrow('crash midway');
    expect(readFileSync(join(d, 'v.txt'), 'utf8')).toBe('1');
    await writeDirAtomic(d, (tmp) => writeFileSync(join(tmp, 'w.txt'), '3'));
    expect(readdirSync(d)).toEqual(['w.txt']);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
    expect(existsSync(join(d, 'v.txt'))).toBe(false);
  });
});
