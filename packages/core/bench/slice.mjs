// Benchmark: the wasm backend's stock Slice/SplitV/Unpack/Reverse kernels vs @rnn/core's heap-view replacements
// (registerWasmKernels), on the splits a recurrent layer makes: an input projection into its time steps.
//
// Usage: npm run bench -w @rnn/core   (after `npx turbo run build --filter=@rnn/core`)
// Writes bench/results/slice.json and bench/results/slice.md. Times are process CPU time per call (the wasm
// backend runs one thread), median of 15 after 2 warm-ups, stock and replaced interleaved.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmKernels } from '../dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const KERNELS = ['Slice', 'SplitV', 'Unpack', 'Reverse'];
await tf.setBackend('wasm');
await tf.ready();
const stock = Object.fromEntries(KERNELS.map((k) => [k, tf.getKernel(k, 'wasm')]));
registerWasmKernels();
const ours = Object.fromEntries(KERNELS.map((k) => [k, tf.getKernel(k, 'wasm')]));
function use(set) {
  for (const k of KERNELS) {
    tf.unregisterKernel(k, 'wasm');
    tf.registerKernel(set[k]);
  }
}

const CASES = [
  { name: 'tf.split([2560, 512], 40) — 40 time steps of a batch-64 projection', shape: [2560, 512], run: (x) => tf.split(x, 40, 0) },
  { name: 'tf.unstack([40, 64, 384]) — time-major steps', shape: [40, 64, 384], run: (x) => tf.unstack(x, 0) },
  { name: 'tf.split([64, 384], 3, 1) — gate columns of one step', shape: [64, 384], run: (x) => tf.split(x, 3, 1) },
  { name: 'tf.slice([6400, 512], [0, 0], [64, 512]) — one step of 100', shape: [6400, 512], run: (x) => tf.slice(x, [0, 0], [64, 512]) },
  { name: "tf.reverse([64, 12, 256], 1) — a backward layer's outputs back in time order", shape: [64, 12, 256], run: (x) => tf.reverse(x, 1) },
];

function cpuMs(fn) {
  const t = process.cpuUsage();
  fn();
  const d = process.cpuUsage(t);
  return (d.user + d.system) / 1000;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const loadBefore = loadavg();
const rows = [];
for (const c of CASES) {
  const x = tf.randomNormal(c.shape);
  const times = { stock: [], ours: [] };
  for (let rep = 0; rep < 17; rep++) {
    for (const [label, set] of [
      ['stock', stock],
      ['ours', ours],
    ]) {
      use(set);
      const ms = cpuMs(() => tf.dispose(c.run(x)));
      if (rep >= 2) times[label].push(ms);
    }
  }
  x.dispose();
  const row = { case: c.name, stockMs: median(times.stock), oursMs: median(times.ours) };
  row.speedup = row.stockMs / row.oursMs;
  rows.push(row);
  console.log(`${c.name}: stock ${row.stockMs.toFixed(2)} ms, ours ${row.oursMs.toFixed(3)} ms, ${row.speedup.toFixed(0)}x`);
}
use(ours);
const meta = { date: new Date().toISOString(), node: process.version, tfjs: tf.version.tfjs, loadBefore, loadAfter: loadavg() };
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'slice.json'), `${JSON.stringify({ meta, rows }, null, 2)}\n`);
const md = [
  '| case | stock wasm kernel (ms CPU) | @rnn/core (ms CPU) | speed-up |',
  '|---|---:|---:|---:|',
  ...rows.map((r) => `| ${r.case} | ${r.stockMs.toFixed(2)} | ${r.oursMs.toFixed(3)} | **${r.speedup.toFixed(0)}×** |`),
  '',
  `Median of 15 interleaved calls after 2 warm-ups, process CPU time; ${meta.date}, Node ${meta.node}, tfjs ${meta.tfjs},`,
  `load average ${loadBefore.map((l) => l.toFixed(1)).join(' / ')} before.`,
  '',
].join('\n');
writeFileSync(join(here, 'results', 'slice.md'), md);
