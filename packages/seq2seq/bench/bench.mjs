// Benchmark of @rnn/seq2seq vs the same encoder-decoder built from tfjs-layers, on the wasm backend.
// Usage: npm run bench   (turbo builds first; or `node bench/bench.mjs` after `npx turbo run build --filter=@rnn/seq2seq`)
//        node bench/bench.mjs --quick
//        node bench/bench.mjs --browser [--quick]   (the same case in headless Chromium beside Node: bench/browser.mjs)
// Writes bench/results/seq2seq.json and bench/results/seq2seq.md (seq2seq-<n>-threads.* with RNN_WASM_THREADS=n > 1).
//
// Timing: wall-clock AND process CPU time (`process.cpuUsage`; the wasm backend is single-threaded here) of every
// step, interleaved (ours, baseline, ours, …) so both see the same load; medians are reported with the load
// average. On a shared machine wall time stretches with the load, CPU time much less: CPU ratios are the
// load-independent comparison.
//
// Baselines: `setupBackend()` (@rnn/core) replaces the wasm BatchMatMul/_FusedMatMul kernels by transpose-free
// wrappers (stock tfjs-backend-wasm 4.22 multiplies transposed operands with a naive loop, 10–25× slower) and
// Slice/SplitV/Unpack by ones that copy only the piece, which speeds up tfjs-layers too. The tfjs-layers model is therefore timed with those kernels AND with the stock
// kernels (swapped in around its steps only), i.e. what a plain tfjs user gets.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { setupBackend, wasmThreadCount } from '@rnn/core/node';
import { measure, median } from '../../../scripts/bench-timing.mjs';
import { BATCH, EMB, kernelSwitch, prepareSeq2Seq, SRC_LEN, SRC_V, TGT_LEN, TGT_V, UNITS } from './cases.mjs';

const here = dirname(fileURLToPath(import.meta.url));
if (process.argv.includes('--browser')) {
  // Node beside headless Chromium: bench/browser.mjs.
  await (await import('./browser.mjs')).main();
  process.exit(0);
}
const quick = process.argv.includes('--quick');
const TRAIN_REPS = quick ? 2 : 5,
  DECODES = quick ? 5 : 20;
const loadBefore = loadavg();

const switcher = kernelSwitch();
// One XNNPACK thread unless RNN_WASM_THREADS says otherwise (then wall time is the figure to read).
const backend = await setupBackend({ backend: 'wasm', ...(process.env.RNN_WASM_THREADS ? {} : { threads: 1 }) });
const wasmThreads = wasmThreadCount();
switcher.captureWrapped();

const summary = (list) => ({ wall: median(list.map((m) => m.wall)), cpu: median(list.map((m) => m.cpu)), n: list.length });

const { steps, dispose } = prepareSeq2Seq(switcher);
const oursStep = () => measure(steps.trainOurs);
const baseStep = () => measure(steps.trainTfjs);
const baseStockStep = () => measure(steps.trainTfjsStock);
const oursDecode = () => measure(steps.decodeOurs);
const baseDecode = () => measure(steps.decodeTfjs);

// ---- training steps, interleaved after one warm-up each
await oursStep();
await baseStep();
await baseStockStep();
const train = { ours: [], tfjs: [], tfjsStock: [] };
for (let r = 0; r < TRAIN_REPS; r++) {
  train.ours.push(await oursStep());
  train.tfjs.push(await baseStep());
  if (r < Math.max(1, Math.ceil(TRAIN_REPS / 2))) train.tfjsStock.push(await baseStockStep());
}

for (let i = 0; i < 3; i++) {
  await oursDecode();
  await baseDecode();
}
const decode = { ours: [], tfjs: [] };
for (let r = 0; r < DECODES; r++) {
  decode.ours.push(await oursDecode());
  if (r % 2 === 0) decode.tfjs.push(await baseDecode());
}

const loadAfter = loadavg();
const T = { ours: summary(train.ours), tfjs: summary(train.tfjs), tfjsStock: summary(train.tfjsStock) };
const D = { ours: summary(decode.ours), tfjs: summary(decode.tfjs) };
const results = {
  backend,
  date: new Date().toISOString(),
  node: process.version,
  tfjs: tf.version.tfjs,
  wasmThreads,
  loadAverageBefore: loadBefore,
  loadAverageAfter: loadAfter,
  setup: { srcVocab: SRC_V, tgtVocab: TGT_V, embeddingDim: EMB, units: UNITS, cell: 'gru', srcLen: SRC_LEN, tgtLen: TGT_LEN, batch: BATCH },
  trainStepMs: {
    ...T,
    speedupCpu: { tfjs: T.tfjs.cpu / T.ours.cpu, tfjsStock: T.tfjsStock.cpu / T.ours.cpu },
    speedupWall: { tfjs: T.tfjs.wall / T.ours.wall, tfjsStock: T.tfjsStock.wall / T.ours.wall },
  },
  greedyDecode16Batch1Ms: { ...D, speedupCpu: D.tfjs.cpu / D.ours.cpu, speedupWall: D.tfjs.wall / D.ours.wall },
  timing: 'medians of interleaved repetitions after warm-up; cpu = process CPU time (single-threaded wasm), wall = wall-clock',
};
const f = (n) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
const c = (m) => `${f(m.cpu)} (${f(m.wall)})`;
const x = (a, b) => `**${(a.cpu / b.cpu).toFixed(1)}×** (${(a.wall / b.wall).toFixed(1)}×)`;
const loadText = (l) => l.map((v) => v.toFixed(1)).join(' / ');
const md = `| wasm, ms per step: CPU (wall) | @rnn/seq2seq | tfjs-layers | speed-up | tfjs-layers, stock wasm kernels | speed-up | target |
| --- | ---: | ---: | ---: | ---: | ---: | --- |
| training step: enc 8 / dec 16, emb 64, GRU 256, vocab 2000→3000, batch 64 | ${c(T.ours)} | ${c(T.tfjs)} | ${x(T.tfjs, T.ours)} | ${c(T.tfjsStock)} | ${x(T.tfjsStock, T.ours)} | ≥ 5× |
| greedy decoding: 16 tokens, batch 1 | ${c(D.ours)} | ${c(D.tfjs)} (\`predict\` per step) | ${x(D.tfjs, D.ours)} | – | – | ≤ 15 ms |

Medians of ${T.ours.n}/${T.tfjs.n}/${T.tfjsStock.n} interleaved training steps and ${D.ours.n}/${D.tfjs.n} decodes after warm-up; ${results.date},
Node ${results.node}, tfjs ${results.tfjs}, load average (1/5/15 min) ${loadText(loadBefore)} before and ${loadText(loadAfter)} after, on
2 cores shared with other jobs: wall times are inflated by the load, CPU times much less.
`;
mkdirSync(join(here, 'results'), { recursive: true });
const stem = wasmThreads > 1 ? `seq2seq-${wasmThreads}-threads` : 'seq2seq';
writeFileSync(join(here, 'results', `${stem}.json`), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(join(here, 'results', `${stem}.md`), md);
console.log(md);
dispose();
