import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng, ValueError } from '@rnn/core';
import { setupBackend } from '@rnn/core/node';
import { Vocabulary } from '@rnn/tokenizers';
import * as tf from '@tensorflow/tfjs';
import {
  AlwaysTeacherForcingPolicy,
  createTeacherForcingPolicy,
  fit,
  mixDecoderInputs,
  NonFiniteGradientError,
  NonFiniteLossError,
  ParallelScheduledSamplingPolicy,
  resolveTrainerArgs,
  SCHEDULED_SAMPLING_DEFAULTS,
  Seq2Seq,
  type Seq2SeqConfig,
  SequentialScheduledSamplingPolicy,
  schedules,
  Trainer,
  type TrainerArgs,
  type TrainingHistory,
  teacherForcingProbability,
} from '../src/node/index.js';
import { TrainingProgressBar } from '../src/node/progress-bar.js';
import { reversePairs } from './helpers.js';

beforeAll(async () => {
  await setupBackend({ backend: 'wasm' });
});

const small: Seq2SeqConfig = { sourceVocabSize: 11, targetVocabSize: 11, units: 16, embeddingDim: 8 };
let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 's2s-train-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('Trainer', () => {
  it('resumes from a checkpoint with the same next-step loss as an uninterrupted run', async () => {
    const pairs = reversePairs(160, 1);
    const cfg: Seq2SeqConfig = { ...small, dropout: 0.2, attention: 'luongDot' };
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
    const t1 = new Trainer(first, {
      ...args,
      checkpoint: { dir, everySteps: 7 },
      callbacks: {
        onBatchEnd: (i) => {
          if (i.step === 7) t1.stop();
        },
      },
    });
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

  for (const [optimizer, mode] of [
    ['adam', 'sequential'],
    ['tf.train.adam', 'parallel'],
  ] as const) {
    it(`resumes bit-exactly over two kill/resume cycles with dropout and ${mode} scheduled sampling (${optimizer}, issue 18 item 4)`, async () => {
      // 32 pairs in batches of 8: 4 steps an epoch, 20 epochs = 80 steps; checkpoints every 5 steps.
      const pairs = reversePairs(32, 7, 8, 3, 6);
      const cfg: Seq2SeqConfig = { sourceVocabSize: 11, targetVocabSize: 11, units: 8, embeddingDim: 4, dropout: 0.3, attention: 'luongDot' };
      const makeArgs = (): TrainerArgs => ({
        epochs: 20,
        batchSize: 8,
        learningRate: 1e-2,
        optimizer: optimizer === 'adam' ? 'adam' : tf.train.adam(1e-2),
        progressBar: false,
        seed: 3,
        teacherForcing: { kind: 'scheduled', schedule: schedules.linear({ k: 1, c: 0.01, min: 0.3 }), mode, sampling: 'sample' },
      });
      const straight = new Seq2Seq(cfg);
      const straightArgs = makeArgs();
      const full = await fit(straight, pairs, straightArgs);
      if (typeof straightArgs.optimizer !== 'string') straightArgs.optimizer?.dispose();
      expect(full.stepLosses).toHaveLength(80);

      // "Killed" after steps 13 and 27: the run restarts from the last checkpoint (steps 10 and 25) in a new
      // trainer and a differently initialised model; the 55 steps after the second resume must be identical.
      const dir = join(root, 'ckpt');
      let h: TrainingHistory | null = null;
      for (const [resume, killAt] of [
        [false, 13],
        [true, 27],
        [true, null],
      ] as const) {
        const m = new Seq2Seq(resume ? { ...cfg, seed: 100 + (killAt ?? 0) } : cfg);
        const a = makeArgs();
        const t: Trainer = new Trainer(m, {
          ...a,
          checkpoint: { dir, everySteps: 5 },
          ...(resume ? { resume: dir } : {}),
          callbacks: { onBatchEnd: (i) => void (i.step === killAt && t.stop()) },
        });
        h = await t.fit(pairs);
        t.dispose();
        if (typeof a.optimizer !== 'string') a.optimizer?.dispose();
        m.dispose();
      }
      expect(h?.stepLosses).toHaveLength(80);
      expect(h?.stepLosses).toEqual(full.stepLosses);
      expect(h?.epochs.map((e) => e.loss)).toEqual(full.epochs.map((e) => e.loss));
      straight.dispose();
    });
  }

  it('resumes from a checkpoint that saved vocabularies (issue 18 item 1)', async () => {
    const pairs = reversePairs(48, 6);
    const words = Array.from({ length: small.sourceVocabSize - 4 }, (_, i) => `w${i}`);
    const vocab = new Vocabulary(words);
    expect(vocab.size).toBe(small.sourceVocabSize);
    const dir = join(root, 'ckpt');
    const m1 = new Seq2Seq(small);
    const args: TrainerArgs = { epochs: 2, batchSize: 16, progressBar: false, vocabularies: { source: vocab, target: vocab } };
    const t1: Trainer = new Trainer(m1, { ...args, checkpoint: { dir }, callbacks: { onEpochEnd: () => t1.stop() } });
    await t1.fit(pairs);
    t1.dispose();
    expect(t1.step).toBe(3);
    const m2 = new Seq2Seq(small);
    const t2 = new Trainer(m2, { ...args, resume: dir });
    const h = await t2.fit(pairs);
    t2.dispose();
    expect(t2.step).toBe(6);
    expect(h.stepLosses.slice(0, 3)).toEqual(t1.history.stepLosses);
    expect(h.epochs).toHaveLength(2);
    for (const m of [m1, m2]) m.dispose();
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
      const batch = {
        source: {
          values: [
            [3, 4, 5],
            [6, 7, 0],
          ],
        },
        target: {
          values: [
            [5, 4, 3, 2],
            [7, 6, 2, 0],
          ],
        },
      };
      t.trainBatch(batch); // creates Adam's slots
      const before = tf.memory().numTensors;
      for (let i = 0; i < 100; i++) t.trainBatch(batch);
      expect(tf.memory().numTensors).toBe(before);
      t.dispose();
      m.dispose();
    }
  });

  it('applies the learning-rate schedule in the optimizer: lr(i) = learningRate · schedule(i)', () => {
    // SGD: w ← w − lr·g, so the update shows the rate the optimizer really used.
    const m = new Seq2Seq(small);
    const batch = {
      source: {
        values: [
          [3, 4, 5],
          [6, 7, 0],
        ],
      },
      target: {
        values: [
          [5, 4, 3, 2],
          [7, 6, 2, 0],
        ],
      },
    };
    const rates = [0, 0.5, 0.25];
    const t = new Trainer(m, { optimizer: 'sgd', learningRate: 0.1, learningRateSchedule: (i) => rates[i] as number });
    for (let step = 0; step < 3; step++) {
      const g = tf.variableGrads(
        () =>
          m.loss(
            tf.tensor2d(
              [
                [3, 4, 5],
                [6, 7, 0],
              ],
              undefined,
              'int32',
            ),
            tf.tensor2d(
              [
                [5, 4, 3, 2],
                [7, 6, 2, 0],
              ],
              undefined,
              'int32',
            ),
          ),
        m.trainableVariables,
      );
      const before = m.getWeights();
      const r = t.trainBatch(batch);
      t.step++;
      expect(r.learningRate).toBeCloseTo(0.1 * (rates[step] as number), 12);
      const after = m.getWeights();
      let maxErr = 0;
      m.trainableVariables.forEach((v, i) => {
        const expected = tf.sub(before[i] as tf.Tensor, tf.mul(g.grads[v.name] as tf.Tensor, r.learningRate));
        maxErr = Math.max(maxErr, tf.max(tf.abs(tf.sub(after[i] as tf.Tensor, expected))).dataSync()[0] as number);
        expected.dispose();
      });
      expect(maxErr).toBeLessThan(1e-6);
      if (step === 0)
        expect(
          after.every(
            (w, i) =>
              tf
                .equal(w, before[i] as tf.Tensor)
                .all()
                .dataSync()[0] === 1,
          ),
        ).toBe(true);
      tf.dispose([...before, ...after, g.value, ...Object.values(g.grads)]);
    }
    expect(t.learningRateAt(2)).toBeCloseTo(0.025, 12);
    t.dispose();
    m.dispose();
  });

  it('applies the schedule with the default Adam too: a zero multiplier leaves the weights unchanged, a positive one moves them', () => {
    const m = new Seq2Seq(small);
    const batch = { source: { values: [[3, 4, 5]] }, target: { values: [[5, 4, 3, 2]] } };
    const t = new Trainer(m, { learningRate: 0.01, learningRateSchedule: (i) => (i === 0 ? 0 : 1) });
    const w0 = m.getWeights();
    t.trainBatch(batch);
    t.step++;
    const w1 = m.getWeights();
    t.trainBatch(batch);
    const w2 = m.getWeights();
    const diff = (a: tf.Tensor[], b: tf.Tensor[]) => Math.max(...a.map((x, i) => tf.max(tf.abs(tf.sub(x, b[i] as tf.Tensor))).dataSync()[0] as number));
    expect(diff(w0, w1)).toBe(0);
    expect(diff(w1, w2)).toBeGreaterThan(1e-3);
    tf.dispose([...w0, ...w1, ...w2]);
    t.dispose();
    m.dispose();
  });

  it('stops early when the monitored loss plateaus', async () => {
    const m = new Seq2Seq(small);
    const h = await fit(m, reversePairs(64, 3), {
      epochs: 10,
      batchSize: 32,
      learningRate: 0,
      earlyStopping: { monitor: 'loss', patience: 2 },
      progressBar: false,
    });
    expect(h.stoppedEarly).toBe(true);
    expect(h.epochs).toHaveLength(3); // best at epoch 0, no improvement for 2 epochs
    m.dispose();
  });

  it("restoreBestWeights puts back the best epoch's weights when early stopping ends the run (issue 18 item 8)", async () => {
    const values = (m: Seq2Seq) => {
      const ws = m.getWeights();
      const out = ws.map((w) => Array.from(w.dataSync()));
      tf.dispose(ws);
      return out;
    };
    const run = async (restoreBestWeights: boolean) => {
      const m = new Seq2Seq(small);
      const atEpochEnd: number[][][] = [];
      const h = await fit(m, reversePairs(64, 8), {
        epochs: 10,
        batchSize: 16,
        learningRate: 1e-2,
        progressBar: false,
        earlyStopping: { monitor: 'loss', patience: 2, restoreBestWeights },
        callbacks: {
          onEpochEnd: (l) => {
            atEpochEnd.push(values(m));
            // Spoil the weights after epoch 1, so epochs 2 and 3 are worse and early stopping ends the run after epoch 3.
            if (l.epoch === 1) {
              tf.tidy(() => {
                for (const v of m.trainableVariables) v.assign(tf.mul(v, 4));
              });
            }
          },
        },
      });
      const final = values(m);
      m.dispose();
      return { h, atEpochEnd, final };
    };
    const kept = await run(true);
    expect(kept.h.stoppedEarly).toBe(true);
    expect(kept.h.bestEpoch).toBe(1);
    expect(kept.h.epochs).toHaveLength(4);
    expect(kept.final).toEqual(kept.atEpochEnd[1]);
    expect(kept.final).not.toEqual(kept.atEpochEnd[3]);
    // Without it the run ends with the last epoch's weights (same run otherwise).
    const last = await run(false);
    expect(last.h.epochs.map((e) => e.loss)).toEqual(kept.h.epochs.map((e) => e.loss));
    expect(last.final).toEqual(last.atEpochEnd[3]);
    expect(last.final).not.toEqual(kept.final);
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

  it('rejects bad options at construction with a ValueError naming them', () => {
    const m = new Seq2Seq(small);
    const bad: [TrainerArgs, RegExp][] = [
      [{ checkpoint: {} as never }, /`checkpoint\.dir` to be a non-empty string.*undefined/],
      [
        { checkpoint: { dir: 'x', everySteps: 0, everyEpochs: 0 } },
        /`checkpoint\.everySteps` or `checkpoint\.everyEpochs` to be >= 1, but both are 0.*would ever be saved/,
      ],
      [{ checkpoint: { dir: 'x', everyEpochs: 1.5 } }, /`checkpoint\.everyEpochs`.*integer.*1\.5/],
      [{ checkpoint: { dir: 'x', evrySteps: 3 } as never }, /Unknown option `evrySteps` in checkpoint/],
      [{ clipNorm: 1, clipValue: 1 }, /only one of `clipNorm` \(1\) and `clipValue` \(1\)/],
      [{ clipValue: 0 }, /`clipValue`.*0/],
      [{ checkGradients: 'yes' as never }, /`checkGradients` to be a boolean.*"yes"/],
      [
        { teacherForcing: { kind: 'scheduled', schedule: { kind: 'linear', c: 0.01 } as never } },
        /`teacherForcing\.schedule` to be a Schedule.*\{"kind":"linear","c":0\.01\}/,
      ],
      [
        { teacherForcing: { kind: 'scheduled', schedule: schedules.constant(1), mode: 'parralel' as never } },
        /`teacherForcing\.mode` to be one of "parallel", "sequential", but got "parralel"/,
      ],
      [{ teacherForcing: { kind: 'scheduled', schedule: schedules.constant(1), sampling: 'top-k' as never } }, /`teacherForcing\.sampling`.*"top-k"/],
      [{ teacherForcing: { kind: 'scheduled', schedule: schedules.constant(1), per: 'batch' as never } }, /`teacherForcing\.per`.*"batch"/],
      [{ teacherForcing: { kind: 'scheduled', schedule: schedules.constant(1), rate: 2 } as never }, /Unknown option `rate` in teacherForcing/],
      [{ teacherForcing: { kind: 'sometimes' } as never }, /`teacherForcing\.kind`.*"sometimes"/],
      [{ learningRateSchedule: { value: 3 } as never }, /`learningRateSchedule` to be a Schedule/],
      [{ earlyStopping: { patience: 2, monitr: 'loss' } as never }, /Unknown option `monitr` in earlyStopping/],
      [{ earlyStopping: { patience: 0 } }, /`earlyStopping\.patience`.*0/],
      [{ validationMetrics: ['loss', 'blue' as never] }, /`validationMetrics\[1\]`.*"blue"/],
      [{ optimizer: 'adamw' as never }, /`optimizer`.*"adamw"/],
      [{ progressBar: 'always' as never }, /`progressBar`.*"always"/],
      [{ callbacks: { onEpochEnd: 3 } as never }, /`callbacks\.onEpochEnd` to be a function/],
    ];
    for (const [args, message] of bad) {
      expect(() => new Trainer(m, args)).toThrow(ValueError);
      expect(() => new Trainer(m, args)).toThrow(message);
    }
    m.dispose();
  });

  it('fills every default once (resolveTrainerArgs)', () => {
    const r = resolveTrainerArgs({ checkpoint: { dir: 'ck' }, earlyStopping: {} });
    expect(r).toMatchObject({
      epochs: 10,
      batchSize: 32,
      shuffle: true,
      optimizer: 'adam',
      learningRate: 1e-3,
      clipNorm: null,
      clipValue: null,
      checkGradients: false,
      seed: 0,
      progressBar: 'auto',
    });
    expect(r.checkpoint).toEqual({ dir: 'ck', everySteps: 0, everyEpochs: 1 });
    expect(r.earlyStopping).toEqual({ monitor: 'loss', patience: 3, minDelta: 0, restoreBestWeights: false });
    expect(r.teacherForcing).toBeInstanceOf(AlwaysTeacherForcingPolicy);
    const v = resolveTrainerArgs({ validationData: reversePairs(2, 1), validationMetrics: ['loss'], earlyStopping: { monitor: 'valBleu' } });
    expect(v.validationMetrics).toEqual(['loss', 'bleu']);
  });

  it('rejects data that gives no batch (as Keras), instead of reporting loss 0, and leaks nothing', async () => {
    const m = new Seq2Seq(small);
    const before = tf.memory().numTensors;
    await expect(fit(m, [], { progressBar: false })).rejects.toThrow(/`data` to hold at least one pair or batch, but it is empty/);
    await expect(fit(m, () => [], { progressBar: false })).rejects.toThrow(ValueError);
    expect(tf.memory().numTensors).toBe(before);
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

describe('gradient clipping and checks in the training step', () => {
  const batch = {
    source: {
      values: [
        [3, 4, 5],
        [6, 7, 0],
      ],
    },
    target: {
      values: [
        [5, 4, 3, 2],
        [7, 6, 2, 0],
      ],
    },
  };
  const tensors = () =>
    [
      tf.tensor2d(
        [
          [3, 4, 5],
          [6, 7, 0],
        ],
        undefined,
        'int32',
      ),
      tf.tensor2d(
        [
          [5, 4, 3, 2],
          [7, 6, 2, 0],
        ],
        undefined,
        'int32',
      ),
    ] as const;

  it('clipValue clips every gradient element to [-clipValue, clipValue] (Keras clipvalue)', () => {
    const m = new Seq2Seq(small);
    const [src, tgt] = tensors();
    const g = tf.variableGrads(() => m.loss(src, tgt), m.trainableVariables);
    const gmax = Math.max(...Object.values(g.grads).map((x) => tf.max(tf.abs(x)).dataSync()[0] as number));
    const clip = gmax / 4; // some elements are clipped, some not
    const before = m.getWeights();
    const t = new Trainer(m, { optimizer: 'sgd', learningRate: 1, clipValue: clip });
    t.trainBatch(batch);
    const after = m.getWeights();
    m.trainableVariables.forEach((v, i) => {
      const expected = tf.sub(before[i] as tf.Tensor, tf.clipByValue(g.grads[v.name] as tf.Tensor, -clip, clip));
      expect(tf.max(tf.abs(tf.sub(after[i] as tf.Tensor, expected))).dataSync()[0]).toBeLessThan(1e-6);
      expect(tf.max(tf.abs(tf.sub(before[i] as tf.Tensor, after[i] as tf.Tensor))).dataSync()[0]).toBeLessThanOrEqual(clip * (1 + 1e-6));
      expected.dispose();
    });
    tf.dispose([src, tgt, g.value, ...Object.values(g.grads), ...before, ...after]);
    t.dispose();
    m.dispose();
  });

  /** A model whose loss is finite but whose gradients are NaN: the loss plus ‖0·v‖ (value 0, gradient 0·(1/0) = NaN). */
  function nanGradientModel(): Seq2Seq {
    const m = new Seq2Seq(small);
    const loss = m.teacherForcedLoss.bind(m);
    const v = m.trainableVariables[0] as tf.Variable;
    m.teacherForcedLoss = (...a) => tf.add(loss(...a), tf.norm(tf.mul(v, 0))) as tf.Scalar;
    return m;
  }

  it('with checkGradients, stops on a NaN gradient under a finite loss, before applying it, leaking nothing', () => {
    const m = nanGradientModel();
    const t = new Trainer(m, { checkGradients: true, optimizer: 'sgd' });
    const before = m.getWeights();
    const count = tf.memory().numTensors;
    let err: unknown;
    try {
      t.trainBatch(batch);
    } catch (e) {
      err = e;
    }
    expect(tf.memory().numTensors).toBe(count);
    expect(err).toBeInstanceOf(NonFiniteGradientError);
    expect((err as Error).message).toMatch(/Gradient norm became NaN at step 0 \(epoch 0, batch 0\) with a finite loss/);
    const after = m.getWeights();
    expect(
      after.every(
        (w, i) =>
          tf
            .equal(w, before[i] as tf.Tensor)
            .all()
            .dataSync()[0] === 1,
      ),
    ).toBe(true);
    tf.dispose([...before, ...after]);
    t.dispose();
    m.dispose();
  });

  it('with clipNorm the gradient check is always on (the norm is computed anyway)', () => {
    const m = nanGradientModel();
    const t = new Trainer(m, { clipNorm: 1 });
    expect(() => t.trainBatch(batch)).toThrow(NonFiniteGradientError);
    t.dispose();
    m.dispose();
  });

  it('leaves tf.memory().numTensors flat when the loss is NaN', () => {
    const m = new Seq2Seq(small);
    const t = new Trainer(m, { teacherForcing: { kind: 'scheduled', schedule: schedules.constant(0.5), mode: 'parallel', sampling: 'sample' } });
    m.trainableVariables[0]?.assign(tf.fill(m.trainableVariables[0].shape, Number.NaN));
    const count = tf.memory().numTensors;
    expect(() => t.trainBatch(batch)).toThrow(NonFiniteLossError);
    expect(tf.memory().numTensors).toBe(count);
    t.dispose();
    m.dispose();
  });
});

describe('teacher-forcing policies', () => {
  it('makes one policy object per kind, with the defaults filled in', () => {
    expect(createTeacherForcingPolicy({ kind: 'always' })).toBeInstanceOf(AlwaysTeacherForcingPolicy);
    const p = createTeacherForcingPolicy({ kind: 'scheduled', schedule: schedules.constant(0.5) });
    expect(p).toBeInstanceOf(ParallelScheduledSamplingPolicy);
    expect(p).toMatchObject({ kind: 'scheduled-parallel', sampling: SCHEDULED_SAMPLING_DEFAULTS.sampling, per: 'step' });
    const s = createTeacherForcingPolicy({ kind: 'scheduled', schedule: (i) => 1 - i / 4, mode: 'sequential', sampling: 'sample', per: 'epoch' });
    expect(s).toBeInstanceOf(SequentialScheduledSamplingPolicy);
    expect([s.epsilon(100, 0), s.epsilon(0, 2), s.epsilon(0, 9)]).toEqual([1, 0.5, 0]); // counts epochs, clamped to [0, 1]
    expect(createTeacherForcingPolicy({ kind: 'always' }).epsilon(5, 5)).toBe(1);
    expect(teacherForcingProbability({ kind: 'scheduled', schedule: schedules.exponential(0.5) }, 2)).toBe(0.25);
  });

  it("parallel at epsilon 0 trains teacher-forced on the model's own argmax tokens; at epsilon 1 it is teacher forcing", () => {
    const m = new Seq2Seq({ ...small, attention: 'luongDot' });
    const src = tf.tensor2d(
      [
        [3, 4, 5, 0],
        [6, 7, 8, 9],
      ],
      undefined,
      'int32',
    );
    const tgt = tf.tensor2d(
      [
        [5, 4, 3, 2],
        [7, 8, 2, 0],
      ],
      undefined,
      'int32',
    );
    const batch = { source: src, target: tgt, targetIds: tgt.arraySync() };
    const policy = createTeacherForcingPolicy({ kind: 'scheduled', schedule: () => 0 });
    const before = tf.memory().numTensors;
    const lossOf = (eps: number) => {
      const prepared = policy.prepare(m, batch, eps, new Rng(1));
      const l = tf.tidy(() => prepared.loss().dataSync()[0] as number);
      prepared.dispose();
      return l;
    };
    const own = tf.tidy(() => {
      const pred = tf.argMax(m.decodeTeacherForced(m.encode(src), m.shiftRight(tgt)).logits, -1) as tf.Tensor2D;
      return sequenceLossOn(m, src, m.shiftRight(pred), tgt);
    });
    expect(lossOf(0)).toBeCloseTo(own, 6);
    expect(lossOf(1)).toBeCloseTo(
      tf.tidy(() => m.loss(src, tgt).dataSync()[0] as number),
      6,
    );
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([src, tgt]);
    m.dispose();
  });
});

/** Teacher-forced loss of `model` on an explicit decoder input (its first column replaced by <bos>). */
function sequenceLossOn(model: Seq2Seq, src: tf.Tensor2D, shifted: tf.Tensor2D, tgt: tf.Tensor2D): number {
  return tf.tidy(() => model.teacherForcedLoss(model.encode(src), shifted, tgt).dataSync()[0] as number);
}

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
