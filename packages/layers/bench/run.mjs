// Benchmark: one training step (forward + backward + Adam, `model.trainOnBatch`) and one forward pass
// (`model.predict`) of @rnn/layers' fused GRU/LSTM vs tfjs-layers' tf.layers.gru/lstm, interleaved in one process;
// PyTorch 1.13 on CPU (if /usr/bin/python3 has torch) as a yardstick.
//
// Usage: npm run bench            (turbo builds first; or `node bench/run.mjs` after `npx turbo run build --filter=@rnn/layers`)
//        node bench/run.mjs --quick   (one timed repetition per case, no cpu-backend cases)
// Writes bench/results/layers.json and bench/results/layers.md.
//        node bench/run.mjs --browser [--quick]   (the same cases in headless Chromium beside Node: bench/browser.mjs)
//
// Timing. The wasm backend runs single-threaded here, so besides wall-clock time we record the process CPU time
// (`process.cpuUsage`) of every step: on a shared machine wall time stretches with the load (other processes take
// turns on the cores), CPU time much less, and ratios of CPU times are the load-independent comparison. Both are
// reported, with the load average before and after.
//
// Baselines. `setupBackend()` from @rnn/core replaces the wasm BatchMatMul/_FusedMatMul kernels by
// transpose-free wrappers (stock tfjs-backend-wasm 4.22 multiplies transposed operands with a naive loop, 10–25×
// slower) and Slice/SplitV/Unpack by ones that copy only the piece, and that speeds up tfjs-layers too. So tfjs-layers is timed twice: with those kernels (what it gets in
// a process that uses rnn-ts) and with the stock kernels (what a plain tfjs user gets; the kernels are swapped
// back in only around those steps).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { setupBackend, wasmThreadCount } from '@rnn/core/node';
import { measure, median } from '../../../scripts/bench-timing.mjs';
import { CASES, kernelSwitch, prepareCase, shapeOf } from './cases.mjs';

const here = dirname(fileURLToPath(import.meta.url));
if (process.argv.includes('--browser')) {
  // Node beside headless Chromium: bench/browser.mjs.
  await (await import('./browser.mjs')).main();
  process.exit(0);
}
const quick = process.argv.includes('--quick');
const loadBefore = loadavg();

const switcher = kernelSwitch();

let wasmThreads = 0;
const results = [];
for (const backend of quick ? ['wasm'] : ['wasm', 'cpu']) {
  // One XNNPACK thread unless RNN_WASM_THREADS says otherwise: CPU time per step then compares with PyTorch on 1 thread.
  await setupBackend({ backend, ...(process.env.RNN_WASM_THREADS ? {} : { threads: 1 }) });
  if (backend === 'wasm') wasmThreads = wasmThreadCount();
  if (backend === 'wasm') switcher.captureWrapped();
  for (const c of CASES.filter((k) => k.backends.includes(backend))) {
    // The cpu backend is ~20× slower (tfjs-layers takes seconds per step there): one timed step after the warm-up.
    const reps = quick || backend === 'cpu' ? 1 : c.units >= 512 ? 2 : 5;
    // A forward pass at the headline shape takes 20–80 ms, where one busy neighbour on the 2 cores moves a single
    // reading by 10–20%: three times as many (interleaved) inference repetitions there, for a steadier median.
    const inferReps = !quick && backend === 'wasm' && c.units < 512 ? 3 * reps : reps;
    // The stock-kernel baseline only at the issue's headline shape (on the char-model shape it takes minutes).
    const impls = backend === 'wasm' && c.units < 512 ? ['ours', 'tfjs', 'tfjsStock'] : ['ours', 'tfjs'];
    const prepared = prepareCase(c, impls, switcher);
    const trainStep = (impl) => measure(() => prepared.train(impl));
    const inferStep = (impl) => measure(() => prepared.infer(impl));
    for (const impl of impls) {
      await trainStep(impl); // warm-up (Adam slots, XNNPACK operators)
      await inferStep(impl);
    }
    const train = Object.fromEntries(impls.map((i) => [i, []]));
    const infer = Object.fromEntries(impls.map((i) => [i, []]));
    // Interleaved so every implementation sees the same machine load.
    for (let r = 0; r < reps; r++) {
      for (const impl of impls) {
        train[impl].push(await trainStep(impl));
        infer[impl].push(await inferStep(impl));
      }
    }
    for (let r = reps; r < inferReps; r++) {
      for (const impl of impls) infer[impl].push(await inferStep(impl));
    }
    const stat = (list, key) => median(list.map((m) => m[key]));
    const row = {
      case: c.name,
      backend,
      shape: shapeOf(c),
      reps,
      inferReps,
      trainMs: {},
      inferMs: {},
    };
    for (const impl of impls) {
      row.trainMs[impl] = { wall: stat(train[impl], 'wall'), cpu: stat(train[impl], 'cpu') };
      row.inferMs[impl] = { wall: stat(infer[impl], 'wall'), cpu: stat(infer[impl], 'cpu') };
    }
    const ratio = (m, impl, key) => (m[impl] ? m[impl][key] / m.ours[key] : undefined);
    row.speedup = {};
    for (const impl of impls.filter((i) => i !== 'ours')) {
      row.speedup[impl] = {
        trainCpu: ratio(row.trainMs, impl, 'cpu'),
        trainWall: ratio(row.trainMs, impl, 'wall'),
        inferCpu: ratio(row.inferMs, impl, 'cpu'),
        inferWall: ratio(row.inferMs, impl, 'wall'),
      };
    }
    row.tokens = c.batch * c.time;
    row.oursTokensPerSecCpu = row.tokens / (row.trainMs.ours.cpu / 1000);
    results.push(row);
    console.log(
      `${backend} ${c.name}: ${impls.map((i) => `${i} train ${row.trainMs[i].cpu.toFixed(0)} cpu-ms / ${row.trainMs[i].wall.toFixed(0)} wall-ms, infer ${row.inferMs[i].cpu.toFixed(0)} / ${row.inferMs[i].wall.toFixed(0)}`).join('; ')}`,
    );
    prepared.dispose();
  }
}

// PyTorch yardstick (subprocess), when /usr/bin/python3 has torch: ONE thread, like the wasm backend here, so that
// its CPU time is the same kind of number as ours (with 2 threads on a loaded machine OpenMP's spinning inflates it).
let torch = null;
const python = process.env.PYTHON ?? '/usr/bin/python3';
if (existsSync(python)) {
  try {
    const cases = CASES.map((c) => ({ ...c, steps: quick || c.units >= 512 ? 2 : 5 }));
    torch = JSON.parse(execFileSync(python, [join(here, 'torch_bench.py'), JSON.stringify(cases), '1'], { encoding: 'utf8', timeout: 900_000 }));
    for (const row of results) {
      const t = torch[row.case];
      if (t && row.backend === 'wasm') row.torch = t;
    }
    console.log('pytorch', JSON.stringify(torch));
  } catch (e) {
    console.log(`PyTorch run skipped: ${e.message.split('\n')[0]}`);
  }
}

const loadAfter = loadavg();
const f = (n) => (n === undefined ? '–' : n >= 100 ? n.toFixed(0) : n.toFixed(1));
const x = (n) => (n === undefined ? '–' : `${n.toFixed(1)}×`);
const cell = (m) => (m ? `${f(m.cpu)} (${f(m.wall)})` : '–');
const lines = [
  '| shape | backend | | ours | ours tokens/s | tfjs-layers | speed-up | tfjs-layers, stock wasm kernels | speed-up | PyTorch 1.13 |',
  '|---|---|---|---:|---:|---:|---:|---:|---:|---:|',
];
for (const r of results) {
  for (const [label, key, torchKey] of [
    ['train step', 'trainMs', 'trainMs'],
    ['inference', 'inferMs', 'inferMs'],
  ]) {
    const s = r.speedup;
    const k = key === 'trainMs' ? 'train' : 'infer';
    lines.push(
      `| ${r.shape} | ${r.backend} | ${label} | ${cell(r[key].ours)} | ${Math.round((r.tokens / r[key].ours.cpu) * 1000)} | ${cell(r[key].tfjs)} | **${x(s.tfjs?.[`${k}Cpu`])}** (${x(s.tfjs?.[`${k}Wall`])}) | ${cell(r[key].tfjsStock)} | ${s.tfjsStock ? `**${x(s.tfjsStock[`${k}Cpu`])}** (${x(s.tfjsStock[`${k}Wall`])})` : '–'} | ${r.torch ? `${f(r.torch[torchKey.replace('Ms', 'CpuMs')])} (${f(r.torch[torchKey])})` : '–'} |`,
    );
  }
}
const meta = {
  date: new Date().toISOString(),
  node: process.version,
  tfjs: tf.version.tfjs,
  wasmThreads,
  loadAverageBefore: loadBefore,
  loadAverageAfter: loadAfter,
  timing: 'median of interleaved repetitions after one warm-up; cpu = process CPU time (single-threaded wasm), wall = wall-clock',
};
const loadText = (l) => l.map((v) => v.toFixed(1)).join(' / ');
const md = `${lines.join('\n')}

Milliseconds per step: **CPU time** (wall-clock in parentheses); speed-ups are tfjs-layers ÷ ours, CPU (wall); tokens/s = batch × time ÷ ours' CPU time.
Median of ${[...new Set(results.map((r) => r.reps))].join('/')} interleaved repetitions (inference at the 128-unit shapes on wasm: ${[...new Set(results.filter((r) => r.inferReps !== r.reps).map((r) => r.inferReps))].join('/') || '–'}) after one warm-up; ${meta.date}, Node ${meta.node},
tfjs ${meta.tfjs}, load average (1/5/15 min) ${loadText(loadBefore)} before and ${loadText(loadAfter)} after, on 2 cores shared with
other jobs: wall times are inflated by the load, CPU times much less. PyTorch 1.13 (CPU, 1 thread like the wasm backend, same shapes): process CPU time (wall-clock).
`;
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'layers.json'), `${JSON.stringify({ meta, results, torch }, null, 2)}\n`);
writeFileSync(join(here, 'results', 'layers.md'), md);
console.log(md);
