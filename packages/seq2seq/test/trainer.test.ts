import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng, setupBackend } from '@rnn/core/node';
import * as tf from '@tensorflow/tfjs';
import {
  clipByGlobalNorm,
  fit,
  mixDecoderInputs,
  NonFiniteLossError,
  Seq2Seq,
  type Seq2SeqConfig,
  schedules,
  Trainer,
  type TrainerArgs,
} from '../src/node/index.js';
import { TrainingProgressBar } from '../src/node/progress-bar.js';
import { reversePairs } from './helpers.js';

beforeAll(async () => {
  await setupBackend({ backend: 'wasm' });
});

const small: Seq2SeqConfig = { srcVocabSize: 11, tgtVocabSize: 11, units: 16, embeddingDim: 8 };
let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 's2s-train-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('Trainer', () => {
  it('resumes from a checkpoint with the same next-step loss as an uninterrupted run', async () => {
    const pairs = reversePairs(160, 1);
    const cfg: Seq2SeqConfig = { ...small, dropout: 0.2, attention: 'luong-dot' };
    const args: TrainerArgs = {
      epochs: 2,
      batchSize: 32,
      learningRate: 5e-3,
      clipNorm: 1,
      progressBar: false,
      seed: 5,
      teacherForcing: { kind: 'scheduled', schedule: schedules.linear({ k: 1, c: 0.05, min: 0.5 }), mode: 'parallel', sampling: 'sample' },
    };
    const full = new Seq2Seq(cfg);
    const fullHistory = await fit(full, pairs, args);
    expect(fullHistory.stepLosses).toHaveLength(10);

    const dir = join(root, 'ckpt');
    const first = new Seq2Seq(cfg);
    const t1 = new Trainer(first, { ...args, checkpoint: { dir, everySteps: 7 }, callbacks: { onBatchEnd: (i) => { if (i.step === 7) t1.stop(); } } });
    await t1.fit(pairs);
    t1.dispose();
    expect(t1.history.stepLosses).toEqual(fullHistory.stepLosses.slice(0, 7));

    const resumed = new Seq2Seq({ ...cfg, seed: 999 }); // different init: the checkpoint's weights must win
    const t2 = new Trainer(resumed, { ...args, resume: dir });
    const h = await t2.fit(pairs);
    t2.dispose();
    expect(h.stepLosses).toHaveLength(10);
    expect(h.stepLosses[7]).toBeCloseTo(fullHistory.stepLosses[7] as number, 6);
    expect(h.stepLosses[9]).toBeCloseTo(fullHistory.stepLosses[9] as number, 5);
    expect(h.epochs.map((e) => e.loss)).toEqual(fullHistory.epochs.map((e) => expect.closeTo(e.loss, 5)));
    for (const m of [full, first, resumed]) m.dispose();
  });

  it('stops with an error naming step and batch when the loss becomes NaN, before applying it', async () => {
    const m = new Seq2Seq(small);
    const t = new Trainer(m, {
      epochs: 1,
      batchSize: 16,
      progressBar: false,
      callbacks: {
        onBatchEnd: (i) => {
          if (i.step === 3) m.trainableVariables[0]?.assign(tf.fill(m.trainableVariables[0].shape, Number.NaN));
        },
      },
    });
    const err = await t.fit(reversePairs(96, 2)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NonFiniteLossError);
    expect((err as Error).message).toMatch(/NaN at step 3 \(epoch 0, batch 3\)/);
    expect((err as NonFiniteLossError).batch).toBe(3);
    expect(t.step).toBe(3);
    t.dispose();
    m.dispose();
  });

  it('keeps tf.memory().numTensors flat over 100 steps (teacher forcing, parallel and sequential scheduled sampling)', () => {
    for (const teacherForcing of [
      { kind: 'always' as const },
      { kind: 'scheduled' as const, schedule: schedules.constant(0.5), mode: 'parallel' as const, sampling: 'sample' as const },
      { kind: 'scheduled' as const, schedule: schedules.constant(0.5), mode: 'sequential' as const },
    ]) {
      const m = new Seq2Seq({ ...small, units: 8, attention: 'bahdanau', dropout: 0.1 });
      const t = new Trainer(m, { teacherForcing, clipNorm: 1 });
      const batch = { source: { values: [[3, 4, 5], [6, 7, 0]] }, target: { values: [[5, 4, 3, 2], [7, 6, 2, 0]] } };
      t.trainBatch(batch); // creates Adam's slots
      const before = tf.memory().numTensors;
      for (let i = 0; i < 100; i++) t.trainBatch(batch);
      expect(tf.memory().numTensors).toBe(before);
      t.dispose();
      m.dispose();
    }
  });

  it('applies the learning-rate schedule, reports it, and stops early when the monitored loss plateaus', async () => {
    const m = new Seq2Seq(small);
    const lrs: number[] = [];
    const h = await fit(m, reversePairs(64, 3), {
      epochs: 10,
      batchSize: 32,
      learningRate: 0,
      learningRateSchedule: schedules.exponential(0.5),
      earlyStopping: { monitor: 'loss', patience: 2 },
      progressBar: false,
      callbacks: { onBatchEnd: (i) => void lrs.push(i.learningRate) },
    });
    expect(h.stoppedEarly).toBe(true);
    expect(h.epochs).toHaveLength(3); // best at epoch 0, no improvement for 2 epochs
    expect(lrs).toEqual([0, 0, 0, 0, 0, 0]);
    m.dispose();
    const t = new Trainer(new Seq2Seq(small), { learningRate: 0.1, learningRateSchedule: schedules.exponential(0.5) });
    expect(t.learningRateAt(3)).toBeCloseTo(0.0125, 12);
    t.model.dispose();
    t.dispose();
  });

  it('validates each epoch and records the history', async () => {
    const m = new Seq2Seq(small);
    const epochs: number[] = [];
    const h = await fit(m, reversePairs(64, 4), {
      epochs: 2,
      batchSize: 32,
      validationData: reversePairs(20, 5),
      validationMetrics: ['loss', 'accuracy', 'exactMatch'],
      progressBar: false,
      callbacks: { onEpochEnd: (l) => void epochs.push(l.epoch) },
    });
    expect(epochs).toEqual([0, 1]);
    expect(h.epochs[1]?.valLoss).toBeGreaterThan(0);
    expect(h.epochs[1]?.valAccuracy).toBeGreaterThanOrEqual(0);
    expect(h.epochs[1]?.valExactMatch).toBeGreaterThanOrEqual(0);
    expect(h.epochs[1]?.loss).toBeLessThan(h.epochs[0]?.loss as number);
    m.dispose();
  });

  it('rejects unknown options and impossible monitors', () => {
    const m = new Seq2Seq(small);
    expect(() => new Trainer(m, { epoch: 3 } as never)).toThrow(/Unknown option `epoch`/);
    expect(() => new Trainer(m, { earlyStopping: { monitor: 'valLoss' } })).toThrow(/validationData.*valLoss/);
    expect(() => new Trainer(m, { clipNorm: -1 })).toThrow(/`clipNorm`.*-1/);
    m.dispose();
  });
});

describe('TrainingProgressBar', () => {
  it("draws only on a TTY in 'auto' mode, and as forced by true/false", () => {
    const tty = { isTTY: true } as NodeJS.WriteStream;
    const pipe = { isTTY: false } as NodeJS.WriteStream;
    expect(new TrainingProgressBar('auto', 3, tty).isEnabled).toBe(true);
    expect(new TrainingProgressBar('auto', 3, pipe).isEnabled).toBe(false);
    expect(new TrainingProgressBar(true, 3, pipe).isEnabled).toBe(true);
    expect(new TrainingProgressBar(false, 3, tty).isEnabled).toBe(false);
  });
});

describe('clipByGlobalNorm', () => {
  it('scales all gradients by maxNorm / globalNorm when above the limit', () => {
    const g = { a: tf.tensor1d([3, 0]), b: tf.tensor1d([0, 4]) }; // global norm 5
    const { grads, norm } = clipByGlobalNorm(g, 1);
    expect(norm).toBeCloseTo(5, 5);
    expect(Array.from(grads.a!.dataSync())).toEqual([expect.closeTo(0.6, 5), 0]);
    expect(Array.from(grads.b!.dataSync())).toEqual([0, expect.closeTo(0.8, 5)]);
    const same = clipByGlobalNorm(g, 10);
    expect(Array.from(same.grads.b!.dataSync())).toEqual([0, 4]);
    tf.dispose([g.a, g.b, grads.a!, grads.b!, same.grads.a!, same.grads.b!]);
  });
});

describe('mixDecoderInputs', () => {
  it('keeps <bos>, takes gold with probability epsilon, else the previous prediction', () => {
    const gold = [[1, 5, 6, 7]];
    const pred = [[9, 8, 7, 2]];
    expect(mixDecoderInputs(gold, pred, 1, () => 0.5)).toEqual(gold);
    expect(mixDecoderInputs(gold, pred, 0, () => 0.5)).toEqual([[1, 9, 8, 7]]);
    const r = new Rng(1);
    const draws = [r.next(), r.next(), r.next()];
    const mixed = mixDecoderInputs(gold, pred, 0.5, new Rng(1).asFunction());
    expect(mixed[0]).toEqual([1, ...draws.map((u, i) => (u < 0.5 ? gold[0]![i + 1] : pred[0]![i]))]);
  });
});
