import { setupBackend } from '@rnn/core/node';
import { evaluate, Seq2Seq, type Seq2SeqConfig, type Seq2SeqPair, schedules, Trainer, type TrainerArgs } from '../src/node/index.js';
import { reversePairs } from './helpers.js';

beforeAll(async () => {
  await setupBackend({ backend: 'wasm' });
});

/** Train until validation exact match reaches `target` (checked every epoch) or the epoch cap; returns the final exact match. */
async function trainUntil(cfg: Seq2SeqConfig, args: TrainerArgs, train: Seq2SeqPair[], val: Seq2SeqPair[], target: number) {
  const model = new Seq2Seq(cfg);
  const trainer: Trainer = new Trainer(model, {
    batchSize: 64,
    learningRate: 5e-3,
    clipNorm: 5,
    progressBar: false,
    validationData: val,
    validationMetrics: ['exactMatch'],
    ...args,
    callbacks: { onEpochEnd: (l) => void ((l.valExactMatch ?? 0) >= target && trainer.stop()) },
  });
  try {
    const h = await trainer.fit(train);
    const exact = (await evaluate(model, val, { metrics: ['exactMatch'] })).exactMatch ?? 0;
    return { exact, epochs: h.epochs.length, history: h };
  } finally {
    trainer.dispose();
    model.dispose();
  }
}

describe('learning the reverse task (length 3-10, 8 symbols)', () => {
  // 3000 pairs at learning rate 1e-2 pass 99% from epoch 5 (measured): about half the work of 4000 pairs at 5e-3.
  // (2000 pairs at 1e-2 stalled at 98.7% after a numerically tiny change: keep the margin.)
  const train = reversePairs(3000, 11);
  const val = reversePairs(300, 12);

  it('reaches >= 99% exact match on held-out sequences with teacher forcing', async () => {
    const r = await trainUntil(
      { sourceVocabSize: 11, targetVocabSize: 11, embeddingDim: 16, units: 64, attention: 'luongDot' },
      { epochs: 15, learningRate: 1e-2 },
      train,
      val,
      0.995,
    );
    expect(r.exact).toBeGreaterThanOrEqual(0.99);
  });
});

describe('variants also learn a smaller reverse task (length 3-6)', () => {
  const train = reversePairs(1500, 21, 6, 3, 6);
  const val = reversePairs(200, 22, 6, 3, 6);
  const cfg: Seq2SeqConfig = { sourceVocabSize: 9, targetVocabSize: 9, embeddingDim: 16, units: 32, attention: 'luongDot' };

  it('with parallel scheduled sampling (inverse sigmoid, sampled tokens)', async () => {
    const r = await trainUntil(
      cfg,
      { epochs: 15, teacherForcing: { kind: 'scheduled', schedule: schedules.inverseSigmoid(30), mode: 'parallel', sampling: 'sample' } },
      train,
      val,
      0.95,
    );
    expect(r.exact).toBeGreaterThanOrEqual(0.95);
    // by the end the model was fed mostly its own predictions
    expect(r.history.epochs.at(-1)?.epsilon).toBeLessThan(0.5);
  });

  it('with sequential scheduled sampling (linear, argmax)', async () => {
    const r = await trainUntil(
      cfg,
      { epochs: 15, teacherForcing: { kind: 'scheduled', schedule: schedules.linear({ k: 1, c: 0.01, min: 0.3 }), mode: 'sequential' } },
      train,
      val,
      0.95,
    );
    expect(r.exact).toBeGreaterThanOrEqual(0.95);
  });

  for (const attention of ['luongGeneral', 'bahdanau'] as const) {
    it(`with ${attention} attention`, async () => {
      const r = await trainUntil({ ...cfg, attention }, { epochs: 15 }, train, val, 0.95);
      expect(r.exact).toBeGreaterThanOrEqual(0.95);
    });
  }

  it('with an LSTM and a bidirectional 2-layer encoder', async () => {
    const r = await trainUntil({ ...cfg, cell: 'lstm', encoderLayers: 2, bidirectionalEncoder: true }, { epochs: 15 }, train, val, 0.95);
    expect(r.exact).toBeGreaterThanOrEqual(0.95);
  });
});
