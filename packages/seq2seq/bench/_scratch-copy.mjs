import { setupBackend, Rng } from '@rnn/core';
import { Seq2Seq, Trainer, evaluate, greedy } from '../dist/index.js';
await setupBackend({ backend: 'wasm' });
const rng = new Rng(1);
const mk = (n) => Array.from({ length: n }, () => { const L = 3 + rng.int(8); const s = Array.from({ length: L }, () => 3 + rng.int(8)); return { source: s, target: [...s].reverse().concat([2]) }; });
const train = mk(4000), val = mk(300);
const attention = process.argv[2] ?? 'none';
const model = new Seq2Seq({ srcVocabSize: 11, tgtVocabSize: 11, embeddingDim: 16, units: Number(process.argv[3] ?? 64), attention });
const t = new Trainer(model, { epochs: 30, batchSize: 64, learningRate: Number(process.argv[4] ?? 5e-3), clipNorm: 5, progressBar: false, validationData: val, validationMetrics: ['loss','exactMatch'],
  callbacks: { onEpochEnd: (l) => { console.log(l.epoch, l.loss.toFixed(4), l.valExactMatch, l.seconds.toFixed(1)); if (l.valExactMatch >= 0.995) t.stop(); } } });
const t0 = Date.now();
await t.fit(train);
console.log('total s', (Date.now() - t0) / 1000);
