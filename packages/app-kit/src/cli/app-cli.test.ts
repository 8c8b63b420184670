import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BackendName, SetupBackendArgs } from '@rnn/core';
import { lineChart } from '../report/charts.js';
import { MemoryStream } from '../testing/memory-stream.js';
import { type AppContext, createAppCli, defineCommand } from './app-cli.js';
import type { CommonOptions } from './flags.js';
import { UsageError } from './usage-error.js';

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'app-kit-cli-'));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

interface Seen {
  command?: string;
  opts?: CommonOptions;
  ctx?: AppContext;
  backendArgs?: SetupBackendArgs;
}

function fakeApp(seen: Seen, extra: { env?: Record<string, string> } = {}) {
  const stdout = new MemoryStream();
  const stderr = new MemoryStream();
  const train = defineCommand({
    description: 'train the demo model',
    options: { units: { kind: 'int', description: 'hidden units', default: 4, min: 1, max: 64 } },
    async action(opts, ctx) {
      seen.command = ctx.command;
      seen.opts = opts;
      seen.ctx = ctx;
      const run = ctx.startRun({ units: opts.units, epochs: opts.epochs ?? 2 });
      const progress = ctx.progress({ total: 4, label: 'train' });
      const losses: [number, number][] = [];
      for (let step = 1; step <= 4; step++) {
        const loss = 2 / step;
        losses.push([step, loss]);
        run.log({ loss }, { epoch: Math.ceil(step / 2), step });
        progress.update(step, { epoch: Math.ceil(step / 2), epochs: 2, loss, tokens: step * 100 });
      }
      progress.stop();
      run.summary({ accuracy: 0.75 });
      await run.saveBundle((dir) => writeFileSync(join(dir, 'weights.json'), '[1,2,3]'), { formatVersion: 3 });
      await run.writeReport({
        title: 'demo report',
        sections: [lineChart({ title: 'Demo loss', x: 'step', y: 'loss', series: [{ name: 'train', points: losses }] })],
      });
    },
  });
  const evaluate = defineCommand({
    description: 'evaluate',
    async action(opts, ctx) {
      seen.command = ctx.command;
      seen.opts = opts;
      const { runDir, bundleDir, manifest } = ctx.openRun({ formatVersion: 3 });
      ctx.logger.info(`run ${runDir} bundle ${bundleDir} v${manifest.formatVersion}`);
    },
  });
  const generate = defineCommand({
    description: 'generate text',
    options: {
      prefix: { kind: 'string', description: 'start text', default: 'Alice' },
      temperature: { kind: 'number', description: 'sampling temperature', default: 1, min: 0.01, max: 10 },
      greedy: { kind: 'boolean', description: 'argmax instead of sampling' },
      mode: { kind: 'string', description: 'how', choices: ['fast', 'slow'] },
    },
    args: [{ name: 'words', description: 'extra words', required: false, variadic: true }],
    async action(opts, ctx) {
      seen.command = ctx.command;
      seen.opts = opts;
      seen.ctx = ctx;
      if (opts.prefix === 'usage') throw new UsageError('Expected `--prefix` to be sensible, but got "usage".');
      if (opts.prefix === 'boom') throw new Error('the model exploded');
      if (opts.prefix === 'data') ctx.dataRoot();
      if (opts.prefix === 'code') return 7;
    },
  });
  const cli = createAppCli({
    name: 'demo',
    description: 'a demo app',
    version: '1.2.3',
    commands: { train, evaluate, generate },
    stdout,
    stderr,
    cwd: tmp,
    env: extra.env ?? {},
    setupBackend: async (args) => {
      seen.backendArgs = args;
      return (args.backend ?? 'cpu') as BackendName;
    },
  });
  return { cli, stdout, stderr };
}

describe('createAppCli flag parsing', () => {
  it('parses the common flags and typed app options', async () => {
    const seen: Seen = {};
    const { cli } = fakeApp(seen);
    const code = await cli.run([
      'generate',
      '--config',
      'full',
      '--epochs',
      '3',
      '--seed',
      '7',
      '--data',
      'd',
      '--backend',
      'wasm',
      '--threads',
      '2',
      '--out',
      'o',
      '--run',
      'r',
      '--prefix',
      'Bob',
      '--temperature',
      '0.5',
      '--greedy',
      '--mode',
      'slow',
      'x',
      'y',
    ]);
    expect(code).toBe(0);
    expect(seen.opts).toEqual({
      config: 'full',
      epochs: 3,
      seed: 7,
      data: join(tmp, 'd'),
      backend: 'wasm',
      threads: 2,
      out: join(tmp, 'o'),
      run: join(tmp, 'r'),
      prefix: 'Bob',
      temperature: 0.5,
      greedy: true,
      mode: 'slow',
    });
    expect(seen.ctx?.args).toEqual(['x', 'y']);
    expect(seen.backendArgs?.backend).toBe('wasm');
    expect(seen.backendArgs?.threads).toBe(2);
    expect(seen.ctx?.backend).toBe('wasm');
    expect(seen.ctx?.seed).toBe(7);
    expect(seen.ctx?.rng.next()).toBeCloseTo(new (await import('@rnn/core')).Rng(7).next(), 15);
  });

  it('turns a switch off with --no-<flag> and leaves it unset when neither is given', async () => {
    const seen: Seen = {};
    const { cli } = fakeApp(seen);
    expect(await cli.run(['generate', '--no-greedy'])).toBe(0);
    expect((seen.opts as { greedy?: boolean } | undefined)?.greedy).toBe(false);
    expect(await cli.run(['generate', '--greedy'])).toBe(0);
    expect((seen.opts as { greedy?: boolean } | undefined)?.greedy).toBe(true);
    expect(await cli.run(['generate'])).toBe(0);
    expect((seen.opts as { greedy?: boolean } | undefined)?.greedy).toBeUndefined();
  });

  it('applies defaults: config small, seed 42, out <cwd>/runs, no epochs/backend', async () => {
    const seen: Seen = {};
    const { cli } = fakeApp(seen);
    expect(await cli.run(['generate'])).toBe(0);
    expect(seen.opts).toEqual({ config: 'small', seed: 42, out: join(tmp, 'runs'), prefix: 'Alice', temperature: 1 });
    expect(seen.backendArgs?.backend).toBeUndefined();
  });

  it.each([
    [['--config', 'huge'], /Expected `--config` to be one of small, full, but got "huge"\./],
    [['--backend', 'gpu'], /Expected `--backend` to be one of wasm, cpu, tensorflow, but got "gpu"\./],
    [['--epochs', '2.5'], /Expected `--epochs` to be a decimal integer >= 1, but got "2\.5"\./],
    [['--epochs', '0'], /Expected `--epochs` to be a decimal integer >= 1, but got "0"\./],
    [['--seed', 'abc'], /Expected `--seed` to be a decimal integer in \[0, 4294967295\], but got "abc"\./],
    [['--temperature', '20'], /Expected `--temperature` to be a decimal number in \[0\.01, 10\], but got "20"\./],
    [['--mode', 'medium'], /Expected `--mode` to be one of fast, slow, but got "medium"\./],
    [['--temperature', '0x10'], /Expected `--temperature` to be a decimal number in \[0\.01, 10\], but got "0x10"\./],
    [['--temperature', '0b1'], /Expected `--temperature` to be a decimal number.*"0b1"/],
    [['--temperature', ' 1'], /Expected `--temperature` to be a decimal number.*" 1"/],
    [['--temperature', 'Infinity'], /Expected `--temperature` to be a decimal number.*"Infinity"/],
    [['--epochs', '0x2'], /Expected `--epochs` to be a decimal integer >= 1, but got "0x2"\./],
    [['--epochs', '1e1'], /Expected `--epochs` to be a decimal integer >= 1, but got "1e1"\./],
  ])('rejects %j with exit code 2 and a message naming flag, value and allowed values', async (flags, message) => {
    const seen: Seen = {};
    const { cli, stderr } = fakeApp(seen);
    expect(await cli.run(['generate', ...flags])).toBe(2);
    expect(stderr.text).toMatch(/^error: /);
    expect(stderr.text).toMatch(message);
    expect(stderr.text).toMatch(/run 'demo generate --help'/);
    expect(seen.command).toBeUndefined();
  });

  it.each([
    ['5e-1', 0.5],
    ['.25', 0.25],
    ['+2', 2],
    ['1.', 1],
  ])('accepts the decimal number %s for a number flag', async (raw, value) => {
    const seen: Seen = {};
    const { cli } = fakeApp(seen);
    expect(await cli.run(['generate', '--temperature', raw])).toBe(0);
    expect((seen.opts as { temperature?: number } | undefined)?.temperature).toBe(value);
  });

  it('exits 2 for an unknown option, an unknown command, or a missing value', async () => {
    const { cli, stderr } = fakeApp({});
    expect(await cli.run(['train', '--bogus'])).toBe(2);
    expect(stderr.text).toMatch(/unknown option '--bogus'/);
    expect(await cli.run(['fly'])).toBe(2);
    expect(stderr.text).toMatch(/unknown command 'fly'/);
    expect(await cli.run(['train', '--epochs'])).toBe(2);
    expect(stderr.text).toMatch(/option '--epochs <n>' argument missing/);
  });

  it('prints help listing the commands and the common flags with exit code 0', async () => {
    const { cli, stdout } = fakeApp({});
    expect(await cli.run(['--help'])).toBe(0);
    expect(stdout.text).toMatch(/train \[options\]\s+train the demo model/);
    expect(stdout.text).toMatch(/evaluate/);
    expect(stdout.text).toMatch(/generate/);
    stdout.text = '';
    expect(await cli.run(['generate', '--help'])).toBe(0);
    for (const flag of [
      '--config <name>',
      '--epochs <n>',
      '--seed <n>',
      '--data <dir>',
      '--backend <name>',
      '--out <dir>',
      '--run <dir>',
      '--prefix <value>',
    ]) {
      expect(stdout.text).toContain(flag);
    }
    expect(stdout.text).toMatch(/\(one of:\s+small,\s+full\)\s+\(default:\s+small\)/);
    expect(stdout.text).toMatch(/\(one of:\s+wasm,\s+cpu,\s+tensorflow\)/);
    stdout.text = '';
    expect(await cli.run(['--version'])).toBe(0);
    expect(stdout.text.trim()).toBe('1.2.3');
  });

  it('shows help and exits 2 when no command is given', async () => {
    const { cli, stdout, stderr } = fakeApp({});
    const code = await cli.run([]);
    expect(code).toBe(2);
    expect(stdout.text + stderr.text).toMatch(/Usage: demo/);
  });
});

describe('createAppCli errors from commands', () => {
  it('prints "error: <message>" without a stack and exits 1', async () => {
    const { cli, stderr } = fakeApp({});
    expect(await cli.run(['generate', '--prefix', 'boom'])).toBe(1);
    expect(stderr.text).toBe('error: the model exploded\n');
  });

  it('prints the stack too when DEBUG=1', async () => {
    const { cli, stderr } = fakeApp({}, { env: { DEBUG: '1' } });
    expect(await cli.run(['generate', '--prefix', 'boom'])).toBe(1);
    expect(stderr.text).toMatch(/^error: the model exploded\nError: the model exploded\n\s+at /);
  });

  it('exits 2 for a UsageError thrown by a command, and passes through a returned exit code', async () => {
    const { cli, stderr } = fakeApp({});
    expect(await cli.run(['generate', '--prefix', 'usage'])).toBe(2);
    expect(stderr.text).toMatch(/error: Expected `--prefix` to be sensible/);
    expect(await cli.run(['generate', '--prefix', 'code'])).toBe(7);
  });

  it('reports a missing --data folder with exit 1 and the path', async () => {
    const { cli, stderr } = fakeApp({});
    expect(await cli.run(['generate', '--prefix', 'data', '--data', 'nowhere'])).toBe(1);
    expect(stderr.text).toMatch(/^error: .*--data.*nowhere/);
  });

  it('reports a data root that cannot be found with exit 1 and every place it looked', async () => {
    const { cli, stderr } = fakeApp({});
    expect(await cli.run(['generate', '--prefix', 'data'])).toBe(1);
    expect(stderr.text).toMatch(
      /^error: Expected a data folder, but found none\. Looked at: --data flag \(not given\); RNN_DATA_DIR \(not set\); no monorepo root .* above /,
    );
  });

  it('resolves --data to the folder when it exists', async () => {
    const seen: Seen = {};
    mkdirSync(join(tmp, 'corpora'));
    const { cli } = fakeApp(seen);
    expect(await cli.run(['generate', '--prefix', 'data', '--data', 'corpora'])).toBe(0);
    expect(seen.ctx?.dataRoot()).toBe(join(tmp, 'corpora'));
  });

  it('sets up the real backend from --backend through @rnn/core setupBackend', async () => {
    const tf = await import('@tensorflow/tfjs');
    let seenBackend: string | undefined;
    const cli = createAppCli({
      name: 'demo',
      description: 'd',
      version: '0.0.1',
      stdout: new MemoryStream(),
      stderr: new MemoryStream(),
      cwd: tmp,
      env: {},
      commands: {
        train: defineCommand({
          description: 't',
          async action(_o, ctx) {
            seenBackend = `${ctx.backend}:${tf.getBackend()}`;
          },
        }),
        evaluate: defineCommand({ description: 'e', async action() {} }),
      },
    });
    expect(await cli.run(['train', '--backend', 'cpu'])).toBe(0);
    expect(seenBackend).toBe('cpu:cpu');
  });

  it('fails with exit 1 when the backend cannot start', async () => {
    const stderr = new MemoryStream();
    const cli = createAppCli({
      name: 'demo',
      description: 'd',
      version: '0.0.1',
      stdout: new MemoryStream(),
      stderr,
      cwd: tmp,
      env: {},
      commands: { train: defineCommand({ description: 't', async action() {} }), evaluate: defineCommand({ description: 'e', async action() {} }) },
      setupBackend: async () => {
        throw new Error("Could not start the 'tensorflow' TensorFlow.js backend: not installed");
      },
    });
    expect(await cli.run(['train', '--backend', 'tensorflow'])).toBe(1);
    expect(stderr.text).toBe("error: Could not start the 'tensorflow' TensorFlow.js backend: not installed\n");
  });
});

describe('a fake app end to end', () => {
  it('train writes config.json, metrics.json, model/bundle.json and report.html under --out', async () => {
    const seen: Seen = {};
    const { cli, stdout } = fakeApp(seen);
    expect(await cli.run(['train', '--out', 'out', '--epochs', '2', '--units', '8', '--backend', 'cpu'])).toBe(0);
    const runDir = seen.ctx ? (await import('../run/latest-run.js')).latestRun('demo', join(tmp, 'out')) : undefined;
    expect(runDir).toMatch(new RegExp(`^${join(tmp, 'out', 'demo').replace(/[/\\]/g, '.')}.\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\d-\\d{3}Z$`));
    const dir = runDir!;
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    expect(config).toMatchObject({
      app: 'demo',
      appVersion: '1.2.3',
      command: 'train',
      backend: 'cpu',
      cli: { config: 'small', epochs: 2, seed: 42, backend: 'cpu', out: join(tmp, 'out') },
      config: { units: 8, epochs: 2 },
    });
    const metrics = JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8'));
    expect(metrics.summary).toEqual({ accuracy: 0.75 });
    expect(metrics.history.map((h: { values: { loss: number } }) => h.values.loss)).toEqual([2, 1, 2 / 3, 0.5]);
    expect(metrics.history[3]).toEqual({ epoch: 2, step: 4, values: { loss: 0.5 } });
    const bundle = JSON.parse(readFileSync(join(dir, 'model', 'bundle.json'), 'utf8'));
    expect(bundle).toMatchObject({ app: 'demo', formatVersion: 3 });
    expect(Number.isNaN(Date.parse(bundle.createdAt))).toBe(false);
    expect(readFileSync(join(dir, 'model', 'weights.json'), 'utf8')).toBe('[1,2,3]');
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain('Demo loss');
    // Non-TTY progress: plain lines, the final one at 100%.
    expect(stdout.text).toMatch(/^train: step 1\/4 \(25%\) \| epoch 1\/2 \| loss 2\.0000 \| /m);
    expect(stdout.text).toMatch(/^train: step 4\/4 \(100%\) \| epoch 2\/2 \| loss 0\.5000 \| .* tok\/s \| ETA 0s$/m);
  });

  it('warns that train ignores --run', async () => {
    const { cli, stderr } = fakeApp({});
    expect(await cli.run(['train', '--run', 'old'])).toBe(0);
    expect(stderr.text).toMatch(/^warning: --run is ignored by train \(it always writes a new run under .*runs.demo\)/);
  });

  it('evaluate uses the latest run by default, or --run, and checks its bundle', async () => {
    const seen: Seen = {};
    const { cli, stdout, stderr } = fakeApp(seen);
    expect(await cli.run(['evaluate'])).toBe(1);
    expect(stderr.text).toMatch(/error: Expected a trained demo run under .*runs.demo, but there is none\. Run 'demo train' first, or pass --run <dir>\./);
    expect(await cli.run(['train'])).toBe(0);
    expect(await cli.run(['train'])).toBe(0);
    const { latestRun } = await import('../run/latest-run.js');
    const latest = latestRun('demo', join(tmp, 'runs'))!;
    stdout.text = '';
    expect(await cli.run(['evaluate'])).toBe(0);
    expect(stdout.text).toBe(`run ${latest} bundle ${join(latest, 'model')} v3\n`);
    stdout.text = '';
    expect(await cli.run(['evaluate', '--run', join(latest, 'model')])).toBe(0);
    expect(stdout.text).toBe(`run ${latest} bundle ${join(latest, 'model')} v3\n`);
    expect(await cli.run(['evaluate', '--run', join(tmp, 'missing')])).toBe(1);
    expect(stderr.text).toMatch(/error: Expected a model bundle folder at .*missing, but it does not exist\./);
    expect(existsSync(join(latest, 'report.html'))).toBe(true);
  });
});

describe('createAppCli runs (issue 18)', () => {
  function cliWith(action: (ctx: AppContext) => Promise<void>) {
    const stdout = new MemoryStream();
    const stderr = new MemoryStream();
    const train = defineCommand({ description: 'train', action: async (_opts, ctx) => action(ctx) });
    const evaluate = defineCommand({ description: 'evaluate', async action() {} });
    const cli = createAppCli({
      name: 'demo',
      description: 'd',
      version: '1',
      commands: { train, evaluate },
      stdout,
      stderr,
      cwd: tmp,
      env: {},
      setupBackend: async () => 'cpu',
    });
    return { cli, stdout, stderr };
  }

  it('removes the run folder of a command that fails before recording anything', async () => {
    let dir = '';
    const { cli, stderr, stdout } = cliWith(async (ctx) => {
      dir = ctx.startRun({}).dir;
      throw new Error('Expected data/empty.txt to hold at least one line, but it is empty.');
    });
    expect(await cli.run(['train'])).toBe(1);
    expect(stderr.text).toMatch(/error: Expected data\/empty\.txt/);
    expect(dir).not.toBe('');
    expect(existsSync(dir)).toBe(false);
    expect(stdout.text).toMatch(/removed the run folder .*: the command failed before recording anything/);
  });

  it('keeps the run folder of a command that fails after recording metrics', async () => {
    let dir = '';
    const { cli } = cliWith(async (ctx) => {
      const run = ctx.startRun({});
      dir = run.dir;
      run.log({ loss: 1 }, { step: 1 });
      throw new Error('diverged');
    });
    expect(await cli.run(['train'])).toBe(1);
    expect(JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8')).history).toEqual([{ step: 1, values: { loss: 1 } }]);
  });

  it('runs each command with Math.random seeded from --seed (what tfjs uses when unseeded), and restores it', async () => {
    const draws: number[][] = [];
    const { cli } = cliWith(async () => {
      draws.push([Math.random(), Math.random()]);
    });
    const original = Math.random;
    expect(await cli.run(['train', '--seed', '5'])).toBe(0);
    expect(await cli.run(['train', '--seed', '5'])).toBe(0);
    expect(await cli.run(['train', '--seed', '6'])).toBe(0);
    expect(Math.random).toBe(original);
    expect(draws[1]).toEqual(draws[0]);
    expect(draws[2]).not.toEqual(draws[0]);
  });
});

describe('createAppCli arguments', () => {
  it('requires a lowercase name and the train and evaluate commands', () => {
    const cmd = defineCommand({ description: 'x', async action() {} });
    expect(() => createAppCli({ name: 'Demo App', description: '', version: '1', commands: { train: cmd, evaluate: cmd } })).toThrow(
      /Expected `name` to be a lowercase app name like "text-generation", but got "Demo App"\./,
    );
    expect(() => createAppCli({ name: 'demo', description: '', version: '1', commands: { train: cmd } as never })).toThrow(
      /Expected `commands\.evaluate` to be a command \(every app has train and evaluate\), but got undefined\./,
    );
  });
});
