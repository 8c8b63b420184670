import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileFormatError } from '@rnn/core';
import { checkBundle } from './bundle.js';
import { latestRun } from './latest-run.js';
import { RunFolder } from './run-folder.js';

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'app-kit-bundle-'));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

async function trainedRun(app: string, formatVersion: number, at: string): Promise<RunFolder> {
  const run = RunFolder.create({ app, outDir: tmp, config: {}, now: () => new Date(at) });
  await run.saveBundle((dir) => writeFileSync(join(dir, 'w.bin'), 'x'), { formatVersion, appVersion: '0.1.0', extra: { vocabSize: 65 } });
  return run;
}

describe('checkBundle', () => {
  it('accepts a bundle of the right app and version, given the run folder or the model folder', async () => {
    const run = await trainedRun('text-generation', 2, '2026-11-23T10:00:00.000Z');
    for (const dir of [run.dir, run.modelDir]) {
      const { manifest, bundleDir } = checkBundle(dir, { app: 'text-generation', formatVersion: 2 });
      expect(bundleDir).toBe(run.modelDir);
      expect(manifest).toEqual({ app: 'text-generation', formatVersion: 2, createdAt: '2026-11-23T10:00:00.000Z', appVersion: '0.1.0', vocabSize: 65 });
    }
  });

  it('rejects a bundle from another app, naming both apps', async () => {
    const run = await trainedRun('string-reversal', 1, '2026-11-23T10:00:00.000Z');
    expect(() => checkBundle(run.dir, { app: 'text-generation', formatVersion: 1 })).toThrow(FileFormatError);
    expect(() => checkBundle(run.dir, { app: 'text-generation', formatVersion: 1 })).toThrow(
      /Expected a model bundle of app "text-generation", but .*model was written by app "string-reversal"\./,
    );
  });

  it('rejects a bundle of another format version, naming both versions', async () => {
    const run = await trainedRun('text-generation', 1, '2026-11-23T10:00:00.000Z');
    expect(() => checkBundle(run.dir, { app: 'text-generation', formatVersion: 2 })).toThrow(
      /Expected a text-generation model bundle of format version 2, but .*model has format version 1\. Retrain/,
    );
  });

  it('rejects a missing folder, a folder without bundle.json, and a malformed manifest', () => {
    expect(() => checkBundle(join(tmp, 'nope'), { app: 'a', formatVersion: 1 })).toThrow(/Expected a model bundle folder at .*nope, but it does not exist\./);
    mkdirSync(join(tmp, 'empty'));
    expect(() => checkBundle(join(tmp, 'empty'), { app: 'a', formatVersion: 1 })).toThrow(/but there is none\. Was training finished\?/);
    mkdirSync(join(tmp, 'bad'));
    writeFileSync(join(tmp, 'bad', 'bundle.json'), '{not json');
    expect(() => checkBundle(join(tmp, 'bad'), { app: 'a', formatVersion: 1 })).toThrow(/model bundle manifest .* to be JSON/);
  });
});

describe('latestRun', () => {
  it('returns the newest run that has a bundle, or undefined', async () => {
    expect(latestRun('demo', tmp)).toBeUndefined();
    const older = await trainedRun('demo', 1, '2026-11-23T09:00:00.000Z');
    const newer = await trainedRun('demo', 1, '2026-11-23T11:00:00.000Z');
    RunFolder.create({ app: 'demo', outDir: tmp, config: {}, now: () => new Date('2026-11-23T12:00:00.000Z') }); // crashed: no bundle
    await trainedRun('other', 1, '2026-11-23T13:00:00.000Z');
    expect(older.dir).toBe(join(tmp, 'demo', '2026-11-23T09-00-00-000Z'));
    expect(latestRun('demo', tmp)).toBe(newer.dir);
    expect(latestRun('demo', tmp, { requireBundle: false })).toBe(join(tmp, 'demo', '2026-11-23T12-00-00-000Z'));
  });
});

describe('RunFolder', () => {
  it('never reuses a folder when two runs start in the same millisecond', () => {
    const now = () => new Date('2026-11-23T10:00:00.000Z');
    const a = RunFolder.create({ app: 'demo', outDir: tmp, config: {}, now });
    const b = RunFolder.create({ app: 'demo', outDir: tmp, config: {}, now });
    expect(b.dir).toBe(`${a.dir}-1`);
  });

  it('throttles metrics.json writes from log() and flushes the rest on close()', async () => {
    const { readFileSync } = await import('node:fs');
    let t = 0;
    const run = RunFolder.create({ app: 'demo', outDir: tmp, config: {}, now: () => new Date(t), flushIntervalMs: 1000 });
    const onDisk = () => JSON.parse(readFileSync(run.metricsPath, 'utf8')).history.length;
    t = 1000;
    run.log({ loss: 3 }, { step: 1 });
    expect(onDisk()).toBe(1);
    t = 1500;
    run.log({ loss: 2 }, { step: 2 });
    expect(onDisk()).toBe(1);
    run.close();
    expect(onDisk()).toBe(2);
    expect(run.recorded.history).toEqual([
      { step: 1, values: { loss: 3 } },
      { step: 2, values: { loss: 2 } },
    ]);
  });

  it('leaves no model folder when the bundle fill throws', async () => {
    const run = RunFolder.create({ app: 'demo', outDir: tmp, config: {} });
    await expect(
      run.saveBundle(
        () => {
          throw new Error('disk full');
        },
        { formatVersion: 1 },
      ),
    ).rejects.toThrow('disk full');
    const { existsSync } = await import('node:fs');
    expect(existsSync(run.modelDir)).toBe(false);
  });
});
