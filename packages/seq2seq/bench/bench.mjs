// Benchmark of @rnn/seq2seq vs the same encoder-decoder built from tfjs-layers, on the wasm backend.
// Usage: npm run bench -w @rnn/seq2seq   (after `npx turbo run build --filter=@rnn/seq2seq`)
// Writes bench/results/seq2seq.json and bench/results/seq2seq.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng, setupBackend } from '@rnn/core';
import * as tf from '@tensorflow/tfjs';
import { greedy, Seq2Seq, Trainer } from '../dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes('--quick');
const SRC_V = 2000, TGT_V = 3000, EMB = 64, UNITS = 256, SRC_LEN = 8, TGT_LEN = 16, BATCH = 64;
const TRAIN_STEPS = quick ? 2 : 5, BASE_STEPS = quick ? 1 : 2, DECODES = quick ? 5 : 20;

const backend = await setupBackend({ backend: 'wasm' });
const rng = new Rng(1);
const ints = (rows, cols, lo, hi) => Array.from({ length: rows }, () => Array.from({ length: cols }, () => lo + rng.int(hi - lo)));
const source = ints(BATCH, SRC_LEN, 4, SRC_V);
const target = ints(BATCH, TGT_LEN, 4, TGT_V);
const time = async (n, fn) => {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await fn(i);
  return (performance.now() - t0) / n;
};

// ---- ours
const model = new Seq2Seq({ srcVocabSize: SRC_V, tgtVocabSize: TGT_V, embeddingDim: EMB, units: UNITS, cell: 'gru' });
const trainer = new Trainer(model, { learningRate: 1e-3, progressBar: false });
const batch = { source: { values: source }, target: { values: target } };
trainer.trainBatch(batch); // warm-up (creates Adam slots)
const oursStepMs = await time(TRAIN_STEPS, () => trainer.trainBatch(batch));
// never emit <eos>, so every decode makes exactly 16 tokens
const specs = model.weightSpecs();
const ws = model.getWeights();
const bi = specs.findIndex((s) => s.name === 'output/bias');
const b = ws[bi].arraySync();
b[model.config.eosId] = -1e4;
ws[bi].dispose();
ws[bi] = tf.tensor1d(b);
model.setWeights(ws);
tf.dispose(ws);
const one = [source[0]];
greedy(model, one, { maxLength: TGT_LEN });
const oursDecodeMs = await time(DECODES, () => {
  const r = greedy(model, one, { maxLength: TGT_LEN });
  if (r.tokens[0].length !== TGT_LEN) throw new Error('expected 16 tokens');
});

// ---- tfjs-layers baseline: same shapes, teacher forcing, tf.layers.gru with returnState
const encIn = tf.input({ shape: [SRC_LEN], dtype: 'int32' });
const encEmb = tf.layers.embedding({ inputDim: SRC_V, outputDim: EMB }).apply(encIn);
const [, encState] = tf.layers.gru({ units: UNITS, returnState: true }).apply(encEmb);
const decIn = tf.input({ shape: [TGT_LEN], dtype: 'int32' });
const decEmbLayer = tf.layers.embedding({ inputDim: TGT_V, outputDim: EMB });
const decGru = tf.layers.gru({ units: UNITS, returnSequences: true, returnState: true });
const dense = tf.layers.dense({ units: TGT_V, activation: 'softmax' });
const [decSeq] = decGru.apply(decEmbLayer.apply(decIn), { initialState: [encState] });
const baseline = tf.model({ inputs: [encIn, decIn], outputs: dense.apply(decSeq) });
baseline.compile({ optimizer: tf.train.adam(1e-3), loss: 'sparseCategoricalCrossentropy' });
const xs = [tf.tensor2d(source, undefined, 'int32'), tf.tensor2d(target.map((r) => [1, ...r.slice(0, -1)]), undefined, 'int32')];
const ys = tf.tensor3d(target.map((r) => r.map((v) => [v])), undefined, 'float32');
await baseline.trainOnBatch(xs, ys); // warm-up
const baseStepMs = await time(BASE_STEPS, () => baseline.trainOnBatch(xs, ys));

// baseline step-by-step greedy decoding with predict()
const encoderModel = tf.model({ inputs: encIn, outputs: encState });
const stepTok = tf.input({ shape: [1], dtype: 'int32' });
const stepState = tf.input({ shape: [UNITS] });
const [stepOut, stepNewState] = decGru.apply(decEmbLayer.apply(stepTok), { initialState: [stepState] });
const stepModel = tf.model({ inputs: [stepTok, stepState], outputs: [dense.apply(stepOut), stepNewState] });
const baseDecode = () => {
  const src = tf.tensor2d(one, undefined, 'int32');
  let state = encoderModel.predict(src);
  src.dispose();
  let tok = 1;
  for (let t = 0; t < TGT_LEN; t++) {
    const tokT = tf.tensor2d([[tok]], undefined, 'int32');
    const [probs, next] = stepModel.predict([tokT, state]);
    tok = tf.tidy(() => tf.argMax(tf.reshape(probs, [-1])).dataSync()[0]);
    tf.dispose([tokT, probs, state]);
    state = next;
  }
  state.dispose();
};
baseDecode();
const baseDecodeMs = await time(Math.max(2, Math.floor(DECODES / 4)), baseDecode);

const results = {
  backend,
  date: new Date().toISOString(),
  setup: { srcVocab: SRC_V, tgtVocab: TGT_V, embeddingDim: EMB, units: UNITS, cell: 'gru', srcLen: SRC_LEN, tgtLen: TGT_LEN, batch: BATCH },
  trainStepMs: { ours: oursStepMs, tfjsLayers: baseStepMs, speedup: baseStepMs / oursStepMs },
  greedyDecode16Batch1Ms: { ours: oursDecodeMs, tfjsLayersPredict: baseDecodeMs, speedup: baseDecodeMs / oursDecodeMs },
  note: 'Averages after one warm-up; the machine may be shared, so absolute numbers vary between runs.',
};
const md = `| benchmark (wasm, ${results.date.slice(0, 10)}) | @rnn/seq2seq | tfjs-layers | speed-up | target |
| --- | --- | --- | --- | --- |
| training step, enc 8 / dec 16, emb 64, GRU 256, vocab 2000→3000, batch 64 | ${oursStepMs.toFixed(0)} ms | ${baseStepMs.toFixed(0)} ms | ${(baseStepMs / oursStepMs).toFixed(1)}× | ≥ 5× |
| greedy decoding, 16 tokens, batch 1 | ${oursDecodeMs.toFixed(1)} ms | ${baseDecodeMs.toFixed(1)} ms (\`predict\` per step) | ${(baseDecodeMs / oursDecodeMs).toFixed(1)}× | ≤ 15 ms |
`;
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'seq2seq.json'), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(join(here, 'results', 'seq2seq.md'), md);
console.log(md);
tf.dispose([...xs, ys]);
trainer.dispose();
model.dispose();
