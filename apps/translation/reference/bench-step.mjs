// Measures @rnn/seq2seq's training cost per step (wasm; RNN_WASM_THREADS=1 for one thread, default one per CPU) for a config on the app's real
// bucketed batches: the mean over a random sample of one epoch's batches (after warm-up steps), in CPU
// and wall-clock milliseconds. Use it to turn a PyTorch config's step count into our training time.
// Usage: node bench-step.mjs [--units 256] [--emb 128] [--min-freq 3] [--batch 64] [--attention luongGeneral]
//          [--bidir] [--tied] [--dropout 0] [--steps 40] [--split /tmp/translation-split-seed42.json]
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { Rng, setupBackend, wasmThreadCount } from '@rnn/core/node';
import { bucketByLength } from '@rnn/data';
import { Seq2Seq, Trainer } from '@rnn/seq2seq/node';
import { Vocabulary } from '@rnn/tokenizers';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const flag = (name) => process.argv.includes(`--${name}`);
const units = Number(arg('units', '256'));
const emb = Number(arg('emb', '128'));
const minFrequency = Number(arg('min-freq', '3'));
const batchSize = Number(arg('batch', '64'));
const steps = Number(arg('steps', '40'));
const warmup = 5;
await setupBackend({ backend: 'wasm' });
const d = JSON.parse(readFileSync(arg('split', '/tmp/translation-split-seed42.json'), 'utf8'));
const sv = Vocabulary.fromTexts(
  d.train.map((p) => p.source),
  { minFrequency },
);
const tv = Vocabulary.fromTexts(
  d.train.map((p) => p.target),
  { minFrequency },
);
const pairs = d.train
  .map((p) => ({ source: sv.encode(p.source), target: [...tv.encode(p.target), 2] }))
  .filter((p) => p.source.length > 0 && p.source.length <= 12 && p.target.length <= 13);
const model = new Seq2Seq({
  sourceVocabSize: sv.size,
  targetVocabSize: tv.size,
  embeddingDim: emb,
  units,
  cell: 'gru',
  attention: arg('attention', 'luongGeneral'),
  bidirectionalEncoder: flag('bidir'),
  tiedEmbeddings: flag('tied'),
  dropout: Number(arg('dropout', '0')),
  seed: 42,
});
const trainer = new Trainer(model, { learningRate: 1e-3, clipNorm: 5, progressBar: false });
const { batches } = bucketByLength(pairs, { batchSize, shuffle: true, seed: 1 });
const sample = new Rng(7).shuffle(batches.map((_, i) => i)).slice(0, warmup + steps);
const load0 = loadavg()[0];
let cpu = 0;
let wall = 0;
let lossSum = 0;
sample.forEach((k, i) => {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  lossSum += trainer.trainBatch(batches[k]).loss;
  if (i >= warmup) {
    const c = process.cpuUsage(c0);
    cpu += (c.user + c.system) / 1000;
    wall += performance.now() - t0;
  }
});
const stepsPerEpoch = batches.length;
const r = {
  units,
  emb,
  minFrequency,
  batchSize,
  attention: model.config.attention,
  bidir: flag('bidir'),
  tied: flag('tied'),
  dropout: model.config.dropout,
  vocab: [sv.size, tv.size],
  params: model.countParams(),
  stepsPerEpoch,
  sampledSteps: steps,
  cpuMsPerStep: cpu / steps,
  wallMsPerStep: wall / steps,
  cpuSecondsPerEpoch: ((cpu / steps) * stepsPerEpoch) / 1000,
  loadAverage: [load0, loadavg()[0]],
  threads: wasmThreadCount(),
  lossSum,
};
console.log(JSON.stringify(r));
