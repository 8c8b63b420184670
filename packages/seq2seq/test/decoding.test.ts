import { setupBackend } from '@rnn/core/node';
import * as tf from '@tensorflow/tfjs';
import { sampleToken } from '../src/decoding/token-sampler.js';
import { beamSearch, gnmtLengthPenalty, greedy, Seq2Seq, sample } from '../src/index.js';

beforeAll(async () => {
  await setupBackend({ backend: 'wasm' });
});

const sources = [[3, 4, 5, 6], [7, 8], [9, 3, 3, 4, 5, 6, 7]];

/** Log-probability of a given output under the model, by teacher forcing (tokens + <eos> if finished). */
function scoreOf(model: Seq2Seq, src: number[], out: number[], finished: boolean): number {
  return tf.tidy(() => {
    const tgt = finished ? [...out, model.config.eosId] : out;
    const logits = model.logits(tf.tensor2d([src], undefined, 'int32'), tf.tensor2d([tgt], undefined, 'int32'));
    const lp = tf.logSoftmax(logits).arraySync() as number[][][];
    return tgt.reduce((s, t, i) => s + ((lp[0] as number[][])[i] as number[])[t]!, 0);
  });
}

describe('decoding', () => {
  for (const attention of ['none', 'luong-general', 'bahdanau'] as const) {
    it(`beam search with width 1 equals greedy (${attention})`, () => {
      const m = new Seq2Seq({ srcVocabSize: 12, tgtVocabSize: 12, units: 16, embeddingDim: 8, attention, seed: 3 });
      const g = greedy(m, sources, { maxLength: 12 });
      const b = beamSearch(m, sources, { beamWidth: 1, maxLength: 12 });
      expect(b.tokens).toEqual(g.tokens);
      b.logProbs.forEach((lp, i) => {
        expect(lp).toBeCloseTo(g.logProbs[i] as number, 4);
      });
      expect(b.finished).toEqual(g.finished);
      m.dispose();
    });
  }

  it('greedy log-probs equal the teacher-forced score of the greedy output', () => {
    const m = new Seq2Seq({ srcVocabSize: 12, tgtVocabSize: 12, units: 16, embeddingDim: 8, attention: 'luong-dot', seed: 5 });
    const g = greedy(m, sources, { maxLength: 8 });
    sources.forEach((s, i) => {
      expect(g.logProbs[i]).toBeCloseTo(scoreOf(m, s, g.tokens[i] as number[], g.finished[i] as boolean), 4);
    });
    expect(g.attention?.[0]?.[0]?.length).toBe(7); // rows span the padded source batch
    const row = g.attention?.[1]?.[0] as number[];
    expect(row.slice(2).every((w) => w < 1e-6)).toBe(true); // padding of source 1 gets no attention
    m.dispose();
  });

  it('beam search finds a log-probability >= greedy and its scores are true model scores', () => {
    for (const seed of [1, 2, 3, 4]) {
      const m = new Seq2Seq({ srcVocabSize: 12, tgtVocabSize: 12, units: 16, embeddingDim: 8, seed });
      const g = greedy(m, sources, { maxLength: 10 });
      const b = beamSearch(m, sources, { beamWidth: 5, maxLength: 10 });
      sources.forEach((s, i) => {
        expect(b.logProbs[i] as number).toBeGreaterThanOrEqual((g.logProbs[i] as number) - 1e-5);
        expect(b.logProbs[i]).toBeCloseTo(scoreOf(m, s, b.tokens[i] as number[], b.finished[i] as boolean), 4);
      });
      m.dispose();
    }
  });

  it('the GNMT length penalty follows ((5+|Y|)/6)^alpha', () => {
    expect(gnmtLengthPenalty(7, 0.6)).toBeCloseTo(2 ** 0.6, 12);
    expect(gnmtLengthPenalty(7, 0)).toBe(1);
  });

  it('sampling is reproducible with a seed and respects topK=1 (== greedy)', () => {
    const m = new Seq2Seq({ srcVocabSize: 12, tgtVocabSize: 12, units: 16, embeddingDim: 8, seed: 9 });
    const a = sample(m, sources, { seed: 4, maxLength: 8 });
    const b = sample(m, sources, { seed: 4, maxLength: 8 });
    expect(a.tokens).toEqual(b.tokens);
    expect(sample(m, sources, { topK: 1, maxLength: 8 }).tokens).toEqual(greedy(m, sources, { maxLength: 8 }).tokens);
    m.dispose();
  });

  it('sampleToken applies top-k and top-p filtering', () => {
    const p = [0.1, 0.5, 0.3, 0.1];
    expect(sampleToken(p, 0.99, { topK: 1 })).toBe(1);
    // top-p 0.7 keeps {1, 2}: u=0.99 -> last kept
    expect(sampleToken(p, 0.99, { topP: 0.7 })).toBe(2);
    expect(sampleToken(p, 0.0, { topP: 0.7 })).toBe(1);
    expect(sampleToken(p, 0.05)).toBe(0);
  });

  it('suppressTokens never emits the suppressed ids, otherwise picks the next best (greedy, beam, sample)', () => {
    const m = new Seq2Seq({ srcVocabSize: 12, tgtVocabSize: 12, units: 16, embeddingDim: 8, attention: 'luong-general', seed: 2 });
    const g = greedy(m, sources, { maxLength: 10 });
    const counts = new Map<number, number>();
    for (const t of g.tokens.flat()) counts.set(t, (counts.get(t) ?? 0) + 1);
    const common = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] as number; // a token greedy emits
    const before = tf.memory().numTensors;
    const gs = greedy(m, sources, { maxLength: 10, suppressTokens: [common] });
    const bs = beamSearch(m, sources, { beamWidth: 3, maxLength: 10, suppressTokens: [common] });
    const ss = sample(m, sources, { maxLength: 10, suppressTokens: [common], seed: 4 });
    expect(tf.memory().numTensors).toBe(before);
    for (const r of [gs, bs, ss]) expect(r.tokens.flat()).not.toContain(common);
    expect(gs.tokens).not.toEqual(g.tokens);
    // the greedy output up to the first suppressed token is unchanged
    g.tokens.forEach((toks, i) => {
      const cut = toks.indexOf(common);
      const head = cut < 0 ? toks : toks.slice(0, cut);
      expect((gs.tokens[i] as number[]).slice(0, head.length)).toEqual(head);
    });
    // log-probs stay the model's renormalised scores of the output (finite)
    for (const lp of gs.logProbs) expect(Number.isFinite(lp)).toBe(true);
    expect(() => greedy(m, sources, { suppressTokens: [m.config.eosId] })).toThrow(/`suppressTokens` may not contain the <eos> id 2/);
    expect(() => beamSearch(m, sources, { suppressTokens: [12] })).toThrow(/`suppressTokens` id to be an integer in \[0, 12\), but got 12/);
    m.dispose();
  });

  it('creates no lasting tensors', () => {
    const m = new Seq2Seq({ srcVocabSize: 12, tgtVocabSize: 12, units: 16, embeddingDim: 8, attention: 'bahdanau', cell: 'lstm' });
    const before = tf.memory().numTensors;
    greedy(m, sources);
    beamSearch(m, sources, { beamWidth: 3 });
    sample(m, sources, { topP: 0.9 });
    expect(tf.memory().numTensors).toBe(before);
    m.dispose();
  });
});
