// Drives the CLI in-process (injected stdout/stderr/cwd/env) on a tiny configuration: the 108-parameter
// model for 100+100 steps and the GRU for one epoch on 64 strings.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStream } from '@rnn/app-kit';
import { createCli } from '../src/cli.js';

let cwd: string;
let runDir: string;
const TINY_RUN = ['--backend', 'wasm', '--tiny-steps', '100', '--train-size', '64', '--test-size', '16', '--epochs', '1'];

function cli() {
  const stdout = new MemoryStream();
  const stderr = new MemoryStream();
  const app = createCli({ stdout, stderr, cwd, env: {} });
  return { run: (argv: string[]) => app.run(argv), stdout, stderr };
}

beforeAll(() => {
  cwd = mkdtempSync(join(tmpdir(), 'string-reversal-e2e-'));
});
afterAll(() => {
  rmSync(cwd, { recursive: true, force: true });
});

describe('string-reversal CLI', () => {
  it('train writes config.json, metrics.json, the model bundle and report.html, and prints the trace before and after', async () => {
    const c = cli();
    expect(await c.run(['train', ...TINY_RUN, '--explain', 'abc'])).toBe(0);
    const m = /run folder: (.+)/.exec(c.stdout.text);
    expect(m).not.toBeNull();
    runDir = (m as RegExpExecArray)[1] as string;
    for (const f of ['config.json', 'metrics.json', 'report.html', 'model/bundle.json', 'model/tiny.json', 'model/test-set.json', 'model/gru']) {
      expect(existsSync(join(runDir, f))).toBe(true);
    }
    expect(c.stdout.text).toContain('tiny model: 108 trainable parameters');
    expect(c.stdout.text).toMatch(/--- before training \(seed 42\) ---\nencoder \(SimpleRNN, 5 ReLU units; h0 = 0\):\n {2}t=1 x=a /);
    expect(c.stdout.text).toMatch(/--- after training ---\n[\s\S]*p\(a,b,c\)=[\s\S]*output: cba \(expected cba: correct\)/);

    const config = JSON.parse(readFileSync(join(runDir, 'config.json'), 'utf8'));
    expect(JSON.stringify(config)).toContain('"stepsPerPhase":100');
    const { summary } = JSON.parse(readFileSync(join(runDir, 'metrics.json'), 'utf8'));
    expect(summary.tinyParams).toBe(108);
    expect(summary.tinyAccuracy).toBe(1); // seed 42 reaches 27/27 after ~80 teacher-forced steps
    expect(summary.gruExactMatch).toBeGreaterThanOrEqual(0);
    expect(summary.gruExactMatch).toBeLessThanOrEqual(1);
    expect(summary.gruTestSize).toBe(16);
    const bundle = JSON.parse(readFileSync(join(runDir, 'model/bundle.json'), 'utf8'));
    expect(bundle).toMatchObject({ app: 'string-reversal', formatVersion: 1 });
    const html = readFileSync(join(runDir, 'report.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain('Tiny reverser: training loss');
    expect(html).toContain('GRU seq2seq: held-out exact match per epoch');
    expect(html).toContain('output: cba (expected cba: correct)');
  });

  it('evaluate and reverse use the latest run', async () => {
    const c = cli();
    expect(await c.run(['evaluate', '--backend', 'wasm'])).toBe(0);
    expect(c.stdout.text).toContain('tiny (108 parameters): exact match 27/27 = 100.00%');
    expect(c.stdout.text).toMatch(/GRU seq2seq: held-out exact match \d+\.\d\d% on 16 strings/);
    expect(await c.run(['reverse', 'abc', 'cab', '--backend', 'wasm'])).toBe(0);
    expect(c.stdout.text).toContain('abc -> cba (tiny)');
    expect(c.stdout.text).toContain('cab -> bac (tiny)');
    expect(await c.run(['reverse', 'hello', '--model', 'gru', '--backend', 'wasm'])).toBe(0);
    expect(c.stdout.text).toMatch(/hello -> [a-t]* \(GRU\)/);
    expect(await c.run(['reverse', 'bca', '--explain', '--run', runDir, '--backend', 'wasm'])).toBe(0);
    expect(c.stdout.text).toMatch(/decoder \(starts from the encoder's final state, first input = zeros\):\n {2}t=1 in=0 /);
    expect(c.stdout.text).toContain('output: acb (expected acb: correct)');
  });

  it('exits 2 with a message for bad flags and arguments', async () => {
    const cases: [string[], RegExp][] = [
      [['train', '--part', 'nope'], /`--part`.*tiny, gru, both.*"nope"/],
      [['train', '--config', 'huge'], /Expected `--config` to be one of small, full, but got "huge"/],
      [['train', '--epochs', '0'], /`--epochs`/],
      [['train', '--tiny-steps', '1.5'], /`--tiny-steps`/],
      [['train', '--explain', 'abd', '--part', 'tiny'], /Expected `--explain` to be a non-empty string over \{a, b, c\}, but got "abd"/],
      [['train', '--bogus'], /bogus/],
      [['reverse', 'abc', '--model', 'big'], /`--model`.*"big"/],
      [['reverse', 'abd', '--model', 'tiny'], /Expected a length-3 string over \{a, b, c\} for the tiny model, but got "abd"/],
    ];
    for (const [argv, message] of cases) {
      const c = cli();
      expect({ argv, code: await c.run([...argv, '--backend', 'wasm']) }).toEqual({ argv, code: 2 });
      expect(c.stderr.text + c.stdout.text).toMatch(message);
    }
  });

  it('exits 1 naming the path for a missing run folder, and refuses a bundle from another app', async () => {
    let c = cli();
    const missing = join(cwd, 'no-such-run');
    expect(await c.run(['evaluate', '--run', missing, '--backend', 'wasm'])).toBe(1);
    expect(c.stderr.text).toContain(missing);

    const other = join(cwd, 'other-app-run', 'model');
    mkdirSync(other, { recursive: true });
    writeFileSync(join(other, 'bundle.json'), JSON.stringify({ app: 'text-generation', formatVersion: 1, createdAt: '2026-11-23T00:00:00Z' }));
    c = cli();
    expect(await c.run(['evaluate', '--run', other, '--backend', 'wasm'])).toBe(1);
    expect(c.stderr.text).toMatch(/text-generation/);
    expect(c.stderr.text).toMatch(/string-reversal/);

    const empty = join(cwd, 'empty-bundle', 'model');
    mkdirSync(empty, { recursive: true });
    writeFileSync(join(empty, 'bundle.json'), JSON.stringify({ app: 'string-reversal', formatVersion: 1, createdAt: '2026-11-23T00:00:00Z' }));
    c = cli();
    expect(await c.run(['evaluate', '--run', empty, '--backend', 'wasm'])).toBe(1);
    expect(c.stderr.text).toMatch(/Expected tiny\.json or gru\/ in the model bundle .*empty-bundle/);
  });

  it('prints help listing the commands and the app options', async () => {
    const c = cli();
    expect(await c.run(['--help'])).toBe(0);
    expect(c.stdout.text).toMatch(/train[\s\S]*evaluate[\s\S]*reverse/);
    const t = cli();
    expect(await t.run(['train', '--help'])).toBe(0);
    expect(t.stdout.text).toMatch(/--explain <text>[\s\S]*--tiny-steps/);
  });
});
