// Benchmark: one training step (forward + backward + Adam) and forward-only inference of @rnn/layers' fused
// GRU/LSTM vs tfjs-layers' tf.layers.gru/lstm, interleaved in one process; PyTorch (if installed) as a yardstick.
// Usage: node bench/run.mjs [--quick]   (run `npx turbo run build --filter=@rnn/layers` first)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setupBackend } from '@rnn/core';
import * as tf from '@tensorflow/tfjs';
import { gru, lstm } from '../dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes('--quick');

const CASES = [
  { name: 'gru-small', cell: 'gru', batch: 64, time: 40, features: 64, units: 128, classes: 40, vocab: 0, returnSequences: false, backends: ['wasm', 'cpu'] },
  { name: 'lstm-small', cell: 'lstm', batch: 64, time: 40, features: 64, units: 128, classes: 40, vocab: 0, returnSequences: false, backends: ['wasm', 'cpu'] },
  { name: 'gru-char', cell: 'gru', batch: 64, time: 100, features: 64, units: 512, classes: 90, vocab: 90, returnSequences: true, backends: ['wasm'] },
];

function buildModel(c, impl) {
  const layers = [];
  const rnnArgs = { units: c.units, returnSequences: c.returnSequences };
  if (c.vocab) layers.push(tf.layers.embedding({ inputDim: c.vocab, outputDim: c.features, inputLength: c.time }));
  const first = c.vocab ? {} : { inputShape: [c.time, c.features] };
  if (impl === 'ours') layers.push((c.cell === 'gru' ? gru : lstm)({ ...rnnArgs, ...first }));
  // tfjs-layers with Keras 3's activations so both compute the same function (its default is hardSigmoid).
  else layers.push(tf.layers[c.cell]({ ...rnnArgs, ...first, recurrentActivation: 'sigmoid' }));
  layers.push(tf.layers.dense({ units: c.classes, activation: 'softmax' }));
  const model = tf.sequential({ layers });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'sparseCategoricalCrossentropy' });
  return model;
}

function data(c) {
  const x = c.vocab ? tf.randomUniform([c.batch, c.time], 0, c.vocab, 'int32').toFloat() : tf.randomNormal([c.batch, c.time, c.features]);
  const y = tf.randomUniform(c.returnSequences ? [c.batch, c.time, 1] : [c.batch, 1], 0, c.classes, 'int32').toFloat();
  return { x, y };
}

async function timeIt(fn, n) {
  const ts = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    ts.push(performance.now() - t0);
  }
  ts.sort((a, b) => a - b);
  return ts[Math.floor(ts.length / 2)];
}

const results = [];
for (const backend of ['wasm', 'cpu']) {
  await setupBackend({ backend });
  for (const c of CASES.filter((k) => k.backends.includes(backend))) {
    const heavy = c.units >= 512 || backend === 'cpu';
    const reps = quick ? 1 : heavy ? 2 : 4;
    const { x, y } = data(c);
    const models = { ours: buildModel(c, 'ours'), tfjs: buildModel(c, 'tfjs') };
    const train = { ours: [], tfjs: [] };
    const infer = { ours: [], tfjs: [] };
    for (const impl of ['ours', 'tfjs']) {
      await models[impl].trainOnBatch(x, y); // warm-up
      tf.dispose(models[impl].predict(x));
    }
    // Interleave so both see the same machine load.
    for (let r = 0; r < reps; r++) {
      for (const impl of ['ours', 'tfjs']) {
        train[impl].push(await timeIt(() => models[impl].trainOnBatch(x, y), 1));
        infer[impl].push(
          await timeIt(async () => {
            const p = models[impl].predict(x);
            await p.data();
            p.dispose();
          }, 1),
        );
      }
    }
    const med = (a) => [...a].sort((p, q) => p - q)[Math.floor(a.length / 2)];
    const row = {
      case: c.name,
      backend,
      shape: `${c.batch}×${c.time}×${c.vocab ? `emb${c.features}` : c.features} → ${c.cell.toUpperCase()}(${c.units}) → Dense(${c.classes})`,
      oursTrainMs: med(train.ours),
      tfjsTrainMs: med(train.tfjs),
      oursInferMs: med(infer.ours),
      tfjsInferMs: med(infer.tfjs),
      reps,
    };
    row.trainRatio = row.tfjsTrainMs / row.oursTrainMs;
    row.inferRatio = row.tfjsInferMs / row.oursInferMs;
    row.oursTokensPerSec = (c.batch * c.time) / (row.oursTrainMs / 1000);
    row.tfjsTokensPerSec = (c.batch * c.time) / (row.tfjsTrainMs / 1000);
    results.push(row);
    console.log(
      `${backend} ${c.name}: train ours ${row.oursTrainMs.toFixed(0)} ms vs tfjs ${row.tfjsTrainMs.toFixed(0)} ms (×${row.trainRatio.toFixed(1)}); ` +
        `infer ours ${row.oursInferMs.toFixed(0)} ms vs tfjs ${row.tfjsInferMs.toFixed(0)} ms (×${row.inferRatio.toFixed(1)})`,
    );
    tf.dispose([x, y]);
    models.ours.dispose();
    models.tfjs.dispose();
  }
}

// PyTorch yardstick (subprocess), when /usr/bin/python3 has torch.
let torch = null;
const python = process.env.PYTHON ?? '/usr/bin/python3';
if (existsSync(python)) {
  try {
    const cases = CASES.map((c) => ({ ...c, steps: quick ? 2 : 5 }));
    torch = JSON.parse(execFileSync(python, [join(here, 'torch_bench.py'), JSON.stringify(cases), '2'], { encoding: 'utf8', timeout: 600_000 }));
    for (const row of results) {
      const t = torch[row.case];
      if (t && row.backend === 'wasm') {
        row.torchTrainMs = t.trainMs;
        row.torchInferMs = t.inferMs;
        row.oursVsTorchTrain = row.oursTrainMs / t.trainMs;
      }
    }
    console.log('pytorch', JSON.stringify(torch));
  } catch (e) {
    console.log(`PyTorch run skipped: ${e.message.split('\n')[0]}`);
  }
}

const f = (n) => (n === undefined ? '–' : n >= 100 ? n.toFixed(0) : n.toFixed(1));
const lines = [
  '| case | backend | ours train ms | tfjs-layers train ms | train speed-up | ours infer ms | tfjs-layers infer ms | infer speed-up | ours tokens/s | PyTorch train ms (ours ÷ torch) |',
  '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...results.map(
    (r) =>
      `| ${r.shape} | ${r.backend} | ${f(r.oursTrainMs)} | ${f(r.tfjsTrainMs)} | **${r.trainRatio.toFixed(1)}×** | ${f(r.oursInferMs)} | ${f(r.tfjsInferMs)} | **${r.inferRatio.toFixed(1)}×** | ${Math.round(r.oursTokensPerSec)} | ${r.torchTrainMs === undefined ? '–' : `${f(r.torchTrainMs)} (${r.oursVsTorchTrain.toFixed(1)}×)`} |`,
  ),
];
const meta = { date: new Date().toISOString(), node: process.version, tfjs: tf.version.tfjs, loadAverage: (await import('node:os')).loadavg() };
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'layers.json'), `${JSON.stringify({ meta, results, torch }, null, 2)}\n`);
writeFileSync(
  join(here, 'results', 'layers.md'),
  `${lines.join('\n')}\n\nMedian of ${results.map((r) => r.reps).join('/')} interleaved steps after one warm-up; ${meta.date}, Node ${meta.node}, tfjs ${meta.tfjs}, load average ${meta.loadAverage.map((l) => l.toFixed(1)).join(' ')}.\n`,
);
console.log(lines.join('\n'));
