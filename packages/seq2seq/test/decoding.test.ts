import { Rng } from '@rnn/core';
import { setupBackend } from '@rnn/core/node';
import * as tf from '@tensorflow/tfjs';
import { sampleToken } from '../src/decoding/token-sampler.js';
import { beamSearch, gnmtLengthPenalty, greedy, Seq2Seq, sample } from '../src/index.js';

beforeAll(async () => {
  await setupBackend({ backend: 'wasm' });
});

const sources = [
  [3, 4, 5, 6],
  [7, 8],
  [9, 3, 3, 4, 5, 6, 7],
];

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
  for (const attention of ['none', 'luongGeneral', 'bahdanau'] as const) {
    it(`beam search with width 1 equals greedy (${attention})`, () => {
      const m = new Seq2Seq({ sourceVocabSize: 12, targetVocabSize: 12, units: 16, embeddingDim: 8, attention, seed: 3 });
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
    const m = new Seq2Seq({ sourceVocabSize: 12, targetVocabSize: 12, units: 16, embeddingDim: 8, attention: 'luongDot', seed: 5 });
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
      const m = new Seq2Seq({ sourceVocabSize: 12, targetVocabSize: 12, units: 16, embeddingDim: 8, seed });
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
    const m = new Seq2Seq({ sourceVocabSize: 12, targetVocabSize: 12, units: 16, embeddingDim: 8, seed: 9 });
    const a = sample(m, sources, { seed: 4, maxLength: 8 });
    const b = sample(m, sources, { seed: 4, maxLength: 8 });
    expect(a.tokens).toEqual(b.tokens);
    expect(sample(m, sources, { topK: 1, maxLength: 8 }).tokens).toEqual(greedy(m, sources, { maxLength: 8 }).tokens);
    m.dispose();
  });

  it('sample({ temperature }) draws from softmax(logits / T): same ids as a computed reference, sharper for T < 1 (issue 18 item 8)', () => {
    // Output kernel 0 and bias b: the first step's logits are exactly b, whatever the source.
    const bias = [-1, -3, 0.5, 1.5, 0, 2.2];
    const m = new Seq2Seq({ sourceVocabSize: 8, targetVocabSize: 6, units: 8, embeddingDim: 4, seed: 3 });
    const specs = m.weightSpecs();
    const ws = m.getWeights().map((w, i) => {
      const name = specs[i]?.name;
      if (name === 'output/kernel') return tf.zerosLike(w);
      if (name === 'output/bias') return tf.tensor1d(bias);
      return w;
    });
    m.setWeights(ws);
    tf.dispose(ws);
    const n = 3000;
    const src = Array.from({ length: n }, () => [4, 5, 6]);
    const logSumExp = (xs: number[]) => Math.log(xs.reduce((a, x) => a + Math.exp(x), 0));
    const modelLogP = bias.map((b) => b - logSumExp(bias));
    const top = 5; // the largest bias
    const freqOfTop: number[] = [];
    for (const temperature of [0.5, 1, 2]) {
      const scaled = bias.map((b) => b / temperature);
      const p = scaled.map((x) => Math.exp(x - logSumExp(scaled)));
      // The reference draw: inverse CDF over ids in order, one uniform number per row from the same seeded Rng.
      const u = new Rng(11);
      const expected = Array.from({ length: n }, () => {
        let target = u.next();
        for (let id = 0; id < p.length; id++) {
          target -= p[id] as number;
          if (target < 0) return id;
        }
        return p.length - 1;
      });
      const r = sample(m, src, { temperature, maxLength: 1, seed: 11 });
      const ids = r.tokens.map((t, i) => (r.finished[i] ? m.config.eosId : (t[0] as number)));
      expect(ids).toEqual(expected);
      // logProbs are the model's own (temperature-1) log-probabilities of the drawn ids.
      r.logProbs.forEach((lp, i) => {
        expect(lp).toBeCloseTo(modelLogP[ids[i] as number] as number, 5);
      });
      const freq = ids.filter((id) => id === top).length / n;
      expect(freq).toBeCloseTo(p[top] as number, 1);
      freqOfTop.push(freq);
    }
    // p(top) is 0.893 at T=0.5, 0.556 at T=1, 0.358 at T=2.
    expect(freqOfTop[0]).toBeGreaterThan((freqOfTop[1] as number) + 0.2);
    expect(freqOfTop[1]).toBeGreaterThan((freqOfTop[2] as number) + 0.1);
    m.dispose();
  });

  it('beam search ranks by logP / lp(Y): a length penalty > 0 makes a longer, less likely output win (issue 18 item 8)', () => {
    // A stand-in model whose next-token distribution depends only on the previous token (a bigram table), so
    // the hypotheses' log-probabilities are known exactly. Ids: 0 pad, 1 <bos>, 2 <eos>, 3 A, 4 B, 5 C.
    const rows: Record<number, number[]> = {
      1: [0.01, 0.01, 0.01, 0.5, 0.46, 0.01], // <bos> → A .5, B .46
      3: [0.08, 0.08, 0.6, 0.08, 0.08, 0.08], // A → <eos> .6
      4: [0.04, 0.04, 0.04, 0.04, 0.04, 0.8], // B → C .8
      5: [0.04, 0.04, 0.8, 0.04, 0.04, 0.04], // C → <eos> .8
    };
    const uniform = Array.from({ length: 6 }, () => 1 / 6);
    const table = Array.from({ length: 6 }, (_, t) => (rows[t] ?? uniform).map(Math.log));
    const stub = {
      config: { sourceVocabSize: 6, targetVocabSize: 6, bosId: 1, eosId: 2, attention: 'none' },
      encode: (source: tf.Tensor2D) => {
        const b = source.shape[0];
        return { memory: tf.zeros([b, 1, 1]), keys: null, maskBias: tf.zeros([b, 1, 1]), states: [[tf.zeros([b, 1])]] };
      },
      decodeStep: (_enc: unknown, tokens: tf.Tensor1D, states: tf.Tensor2D[][]) => ({
        logits: tf.gather(tf.tensor2d(table), tokens),
        states: states.map((s) => s.map((t) => tf.clone(t))),
        attention: null,
      }),
    } as unknown as Seq2Seq;
    const short = Math.log(0.5) + Math.log(0.6); // A <eos>: -1.204
    const long = Math.log(0.46) + 2 * Math.log(0.8); // B C <eos>: -1.223
    expect(short).toBeGreaterThan(long);
    const before = tf.memory().numTensors;
    const raw = beamSearch(stub, [[3]], { beamWidth: 2, maxLength: 5, lengthPenalty: 0 });
    expect(raw.tokens).toEqual([[3]]);
    expect(raw.logProbs[0]).toBeCloseTo(short, 5);
    expect(raw.scores[0]).toBeCloseTo(short, 5);
    for (const alpha of [0.6, 1]) {
      const r = beamSearch(stub, [[3]], { beamWidth: 2, maxLength: 5, lengthPenalty: alpha });
      expect(r.tokens).toEqual([[4, 5]]);
      expect(r.logProbs[0]).toBeCloseTo(long, 5);
      expect(r.scores[0]).toBeCloseTo(long / gnmtLengthPenalty(3, alpha), 5); // |Y| counts the <eos>
      expect(long / gnmtLengthPenalty(3, alpha)).toBeGreaterThan(short / gnmtLengthPenalty(2, alpha));
    }
    expect(tf.memory().numTensors).toBe(before);
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
    const m = new Seq2Seq({ sourceVocabSize: 12, targetVocabSize: 12, units: 16, embeddingDim: 8, attention: 'luongGeneral', seed: 2 });
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
    const m = new Seq2Seq({ sourceVocabSize: 12, targetVocabSize: 12, units: 16, embeddingDim: 8, attention: 'bahdanau', cell: 'lstm' });
    const before = tf.memory().numTensors;
    greedy(m, sources);
    beamSearch(m, sources, { beamWidth: 3 });
    sample(m, sources, { topP: 0.9 });
    expect(tf.memory().numTensors).toBe(before);
    m.dispose();
  });
});
