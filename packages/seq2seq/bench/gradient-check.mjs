// Cost of the trainer's gradient NaN/Inf check (`checkGradients: true`, the global gradient norm: one
// reduction over the gradients and a read-back) on a translation-sized step: the translation app's small
// config (GRU 256, embedding 128, bidirectional encoder, Luong general, vocabularies 2,030 / 2,703, batch 64,
// sources ≤ 12 and targets ≤ 13 tokens), wasm backend, no clipNorm (with clipNorm the norm is computed anyway).
// Steps with and without the check are interleaved so both see the same load; reports medians of process CPU
// time per step, the norm alone, and the load average.
// Usage: npx turbo run build --filter=@rnn/seq2seq && node bench/gradient-check.mjs [--steps 30]
import { loadavg } from 'node:os';
import { Rng, setupBackend, wasmThreadCount } from '@rnn/core';
import * as tf from '@tensorflow/tfjs';
import { globalNorm, Seq2Seq, Trainer } from '../dist/index.js';

const i = process.argv.indexOf('--steps');
const steps = i >= 0 ? Number(process.argv[i + 1]) : 30;
await setupBackend({ backend: 'wasm' });
const rng = new Rng(1);
const row = (len, vocab) => Array.from({ length: len }, () => 3 + rng.int(vocab - 3));
const batch = {
  source: { values: Array.from({ length: 64 }, () => row(12, 2030)) },
  target: { values: Array.from({ length: 64 }, () => [...row(12, 2703), 2]) },
};
const config = { sourceVocabSize: 2030, targetVocabSize: 2703, embeddingDim: 128, units: 256, attention: 'luongGeneral', bidirectionalEncoder: true };
const plain = new Seq2Seq(config);
const checked = new Seq2Seq(config);
const tPlain = new Trainer(plain, { learningRate: 1e-4, progressBar: false });
const tChecked = new Trainer(checked, { learningRate: 1e-4, progressBar: false, checkGradients: true });
const cpuMs = (f) => {
  const c0 = process.cpuUsage();
  f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const load0 = loadavg()[0];
for (let w = 0; w < 3; w++) {
  tPlain.trainBatch(batch);
  tChecked.trainBatch(batch);
}
const a = [];
const b = [];
for (let s = 0; s < steps; s++) {
  a.push(cpuMs(() => tPlain.trainBatch(batch)));
  b.push(cpuMs(() => tChecked.trainBatch(batch)));
}
const { grads } = tf.variableGrads(
  () => plain.loss(tf.tensor2d(batch.source.values, undefined, 'int32'), tf.tensor2d(batch.target.values, undefined, 'int32')),
  plain.trainableVariables,
);
const normOnly = median(Array.from({ length: steps }, () => cpuMs(() => globalNorm(grads))));
const stepMs = median(a);
const result = {
  stepCpuMsWithoutCheck: stepMs,
  stepCpuMsWithCheck: median(b),
  normCpuMs: normOnly,
  normShareOfStep: normOnly / stepMs,
  steps,
  threads: wasmThreadCount(),
  params: plain.countParams(),
  loadAverage: [load0, loadavg()[0]],
};
console.log(JSON.stringify(result));
