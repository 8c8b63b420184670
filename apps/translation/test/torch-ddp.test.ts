// PyTorch round trip of the translation app (python/rnn_ts_torch), on a slice of the real corpus:
// export-split -> `torchrun --nproc_per_node=2` (gloo, CPU) trains a tiny config for a few steps, checking
// that both ranks hold identical weights after every step, that the loss falls and that a checkpoint
// resumes; the bundle rank 0 writes loads in `translate --run` and translates the held-out test sources
// exactly as PyTorch does. Then the reverse: JS continues training that bundle, saves it, and PyTorch
// reproduces its greedy output on the same test sources and its loss on the next batch within 1e-5.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { MemoryStream } from '@rnn/app-kit';
import { setupBackend } from '@rnn/core/node';
import { greedy, Trainer, Translator } from '@rnn/seq2seq/node';
import { Vocabulary } from '@rnn/tokenizers';
import * as tf from '@tensorflow/tfjs';
import { createCli } from '../src/cli.js';

const here = dirname(fileURLToPath(import.meta.url));
const dataRoot = process.env.RNN_DATA_DIR ?? resolve(here, '..', '..', '..', '..', 'shared', 'data');
const corpus = join(dataRoot, 'translation', 'fra.txt');
const haveCorpus = existsSync(corpus);
if (!haveCorpus) console.warn(`torch-ddp.test: ${corpus} is absent (set RNN_DATA_DIR); the PyTorch round trip is skipped.`);
const describeData = haveCorpus ? describe : describe.skip;

const PYTHON_DIR = resolve(here, '..', '..', '..', 'python');
const PYTHON = process.env.RNN_PYTHON ?? '/usr/bin/python3';
// Debian's torchrun (torch 1.13 on Python 3.11) cannot parse its own default `--redirects 0 --tee 0`
// (IntFlag iteration skips 0); a mapping naming no real rank means "no redirection" for every rank.
const TORCHRUN_FIX = ['--redirects', '9:1', '--tee', '9:1'];
const pyEnv = { ...process.env, PYTHONPATH: PYTHON_DIR, OMP_NUM_THREADS: '1' };

function run(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { cwd: PYTHON_DIR, env: pyEnv, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}
function pythonCli<T>(dir: string, command: string, request: unknown): T {
  const path = join(dir, `${command}-request.json`);
  writeFileSync(path, JSON.stringify(request));
  return JSON.parse(run(PYTHON, ['-m', 'rnn_ts_torch.cli', command, path])) as T;
}

interface Split {
  unkId: number;
  train: { source: number[]; target: number[] }[];
  testSources: number[][];
}
interface StepLog {
  step: number;
  loss: number;
  replicasEqual: boolean | null;
}

describeData('PyTorch DDP round trip of the translation app', () => {
  let cwd: string;
  let split: Split;
  let log: StepLog[];
  const out = () => join(cwd, 'ddp');
  const cli = async (argv: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> => {
    const stdout = new MemoryStream();
    const stderr = new MemoryStream();
    const code = await createCli({ stdout, stderr, cwd, env: {}, stdin: () => Readable.from([stdin]) }).run(argv);
    return { code, stdout: stdout.text, stderr: stderr.text };
  };
  const torchrun = (maxSteps: number, extra: string[] = []) =>
    run('torchrun', [
      ...TORCHRUN_FIX,
      '--standalone',
      '--nproc_per_node=2',
      '-m',
      'rnn_ts_torch.train',
      '--data',
      join(cwd, 'split'),
      '--out',
      out(),
      '--max-steps',
      String(maxSteps),
      '--checkpoint-every',
      '20',
      '--check-replicas',
      '--log',
      join(cwd, 'log.jsonl'),
      '--threads',
      '1',
      '--lr',
      '0.01',
      ...extra,
    ]);

  beforeAll(async () => {
    await setupBackend({ backend: 'wasm' });
    cwd = mkdtempSync(join(tmpdir(), 'translation-torch-'));
    const e = await cli([
      'export-split',
      join(cwd, 'split'),
      '--data',
      dataRoot,
      '--pairs',
      '2000',
      '--units',
      '16',
      '--embedding-dim',
      '8',
      '--batch-size',
      '16',
    ]);
    if (e.code !== 0) throw new Error(`export-split failed: ${e.stderr}`);
    split = JSON.parse(readFileSync(join(cwd, 'split', 'split.json'), 'utf8')) as Split;
    torchrun(60);
    torchrun(80, ['--resume']);
    log = readFileSync(join(cwd, 'log.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as StepLog);
  }, 600_000);
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

  it('exports at least 100 held-out test sources and the training pairs as ids', () => {
    expect(split.testSources.length).toBeGreaterThanOrEqual(100);
    expect(split.train.length).toBeGreaterThan(1000);
    expect(split.train[0]?.target.at(-1)).toBe(2);
  });

  it('keeps the two ranks bit-identical after every step, resumes at step 61 and lowers the loss', () => {
    expect(log.map((l) => l.step)).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
    expect(log.every((l) => l.replicasEqual === true)).toBe(true);
    const mean = (xs: StepLog[]) => xs.reduce((a, l) => a + l.loss, 0) / xs.length;
    expect(mean(log.slice(-10))).toBeLessThan(mean(log.slice(0, 10)) - 0.5);
  });

  it('translate --run loads the bundle rank 0 wrote and translates the test sources as PyTorch does', async () => {
    const tests = JSON.parse(readFileSync(join(out(), 'test-set.json'), 'utf8')) as { source: string }[];
    const js = await cli(['translate', '--run', out(), '--beam', '1'], tests.map((t) => t.source).join('\n'));
    expect(js.code).toBe(0);
    const py = pythonCli<{ greedy: number[][] }>(cwd, 'decode', {
      bundle: join(out(), 'translator'),
      sources: split.testSources,
      maxLength: 30,
      suppress: [split.unkId],
    });
    const vocab = JSON.parse(readFileSync(join(out(), 'translator', 'target-vocab.json'), 'utf8')) as { tokens: string[] };
    const pyText = py.greedy.map((ids) => ids.map((i) => vocab.tokens[i]).join(' '));
    expect(js.stdout.trimEnd().split('\n')).toEqual(pyText);
  });

  it('continues in JS, and PyTorch matches the JS bundle: greedy on every test source, next-batch loss within 1e-5', async () => {
    const translator = await Translator.load(join(out(), 'translator'), { vocabularyFromJSON: (j) => Vocabulary.fromJSON(j as never) });
    const model = translator.model;
    const pad = (rows: number[][]) => {
      const n = Math.max(...rows.map((r) => r.length));
      return rows.map((r) => [...r, ...new Array<number>(n - r.length).fill(0)]);
    };
    const batch = (k: number) => {
      const pairs = split.train.slice(16 * k, 16 * (k + 1));
      return { source: { values: pad(pairs.map((p) => p.source)) }, target: { values: pad(pairs.map((p) => p.target)) } };
    };
    const next = batch(20);
    const lossOnNext = () =>
      tf.tidy(
        () => model.loss(tf.tensor2d(next.source.values, undefined, 'int32'), tf.tensor2d(next.target.values, undefined, 'int32')).dataSync()[0] as number,
      );
    const before = lossOnNext();
    const trainer = new Trainer(model, { epochs: 1, batchSize: 16, learningRate: 0.003, clipNorm: 5, progressBar: false, seed: 1 });
    for (let k = 0; k < 20; k++) trainer.trainBatch(batch(k));
    const jsLoss = lossOnNext();
    expect(Math.abs(jsLoss - before)).toBeGreaterThan(1e-3); // JS training moved the weights away from PyTorch's
    const jsGreedy = greedy(model, split.testSources, { maxLength: 30, suppressTokens: [split.unkId] }).tokens;
    await translator.save(join(cwd, 'js-continued'));
    trainer.dispose();
    translator.dispose();
    const py = pythonCli<{ loss: number; greedy: number[][] }>(cwd, 'parity', {
      bundle: join(cwd, 'js-continued'),
      source: next.source.values,
      target: next.target.values,
      decode: split.testSources,
      maxLength: 30,
      suppress: [split.unkId],
    });
    expect(Math.abs(py.loss - jsLoss)).toBeLessThan(1e-5);
    expect(py.greedy).toEqual(jsGreedy);
    // And PyTorch trains on from the JS bundle (a fresh Adam: JS optimizer state is not carried over).
    const stdout = run(PYTHON, [
      '-m',
      'rnn_ts_torch.train',
      '--data',
      join(cwd, 'split'),
      '--init',
      join(cwd, 'js-continued'),
      '--out',
      join(cwd, 'py-continued'),
      '--max-steps',
      '3',
      '--threads',
      '1',
    ]);
    expect(stdout).toMatch(/bundle: .*py-continued \(3 steps, 1 processes/);
    const again = await Translator.load(join(cwd, 'py-continued', 'translator'), { vocabularyFromJSON: (j) => Vocabulary.fromJSON(j as never) });
    expect(again.model.config).toEqual(model.config);
    again.dispose();
  });
});
