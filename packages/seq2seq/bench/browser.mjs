// The seq2seq benchmark in headless Chromium beside Node: `npm run bench -w @rnn/seq2seq -- --browser [--quick]`.
// The case (cases.mjs) is bundled for the page with esbuild from the built package, served on 127.0.0.1 by the
// translation-web harness (Debian's Chromium through playwright-core; never a downloaded browser), and run on wasm
// with one thread, and with two threads asked for in a cross-origin isolated page (COOP/COEP). Node runs the same
// case in this process, on one thread. Every step of every runner is interleaved so all see the same load.
//
// Timing: wall-clock, and CPU time: `process.cpuUsage` in Node, the renderer process' `ProcessTime` (DevTools
// protocol Performance.getMetrics, 10 ms ticks; it counts the wasm worker threads too) in the page.
// Writes bench/results/seq2seq-browser.json and bench/results/seq2seq-browser.md.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setupBackend } from '@rnn/core/node';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { launchChromium, serveStatic } from '../../../apps/translation-web/scripts/harness.mjs';
import { buildBenchPage, openBenchPage, timedInNode } from '../../../scripts/bench-page.mjs';
import { median } from '../../../scripts/bench-timing.mjs';
import { kernelSwitch, prepareSeq2Seq } from './cases.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes('--quick');
const PAGE_THREADS = 2;
const STEPS = ['trainOurs', 'trainTfjs', 'trainTfjsStock', 'decodeOurs', 'decodeTfjs'];
const loadBefore = loadavg();
const switcher = kernelSwitch();

function nodeRunner() {
  let prepared;
  return {
    where: 'Node',
    async setup() {
      await setupBackend({ backend: 'wasm', threads: 1 });
      switcher.captureWrapped();
      prepared = prepareSeq2Seq(switcher);
      return { threads: 1 };
    },
    async measure(name) {
      return timedInNode(() => prepared.steps[name]());
    },
    async done() {
      prepared.dispose();
    },
  };
}

async function pageRunner(context, url, threads, errors, where) {
  const { page, timedStep } = await openBenchPage(context, url, 'seq2seqBench', errors);
  return {
    where,
    setup: () => page.evaluate((n) => window.seq2seqBench.setup(n), threads),
    measure: (name) => timedStep(name),
    async done() {
      await page.evaluate(() => window.seq2seqBench.done());
    },
  };
}

export async function main() {
  const dir = await buildBenchPage({ entry: join(here, 'page-entry.mjs'), title: 'seq2seq bench', prefix: 'seq2seq-bench-page' });
  const plain = await serveStatic(dir);
  const isolated = await serveStatic(dir, { isolated: true });
  const browser = await launchChromium();
  const errors = [];
  const rows = [];
  let setups;
  const reps = quick ? 1 : 3;
  try {
    const runners = [
      nodeRunner(),
      await pageRunner(browser.context, plain.url, 1, errors, 'page'),
      await pageRunner(browser.context, isolated.url, PAGE_THREADS, errors, 'page, isolated'),
    ];
    setups = [];
    for (const r of runners) setups.push(await r.setup());
    const times = runners.map(() => Object.fromEntries(STEPS.map((s) => [s, []])));
    for (let rep = -1; rep < reps; rep++) {
      for (const [ri, r] of runners.entries()) {
        for (const s of STEPS) {
          // Decoding is short (a few ms to tens of ms): five per repetition.
          for (let k = 0; k < (s.startsWith('decode') ? 5 : 1); k++) {
            const m = await r.measure(s);
            if (rep >= 0) times[ri][s].push(m); // rep -1: warm-up
          }
        }
      }
      console.log(`rep ${rep + 1}/${reps} done, load ${loadavg()[0].toFixed(1)}`);
    }
    for (const r of runners) await r.done();
    for (const [ri, r] of runners.entries()) {
      const row = { where: r.where, threads: setups[ri].threads };
      for (const s of STEPS) row[s] = { wall: median(times[ri][s].map((m) => m.wall)), cpu: median(times[ri][s].map((m) => m.cpu)), n: times[ri][s].length };
      rows.push(row);
    }
  } finally {
    await browser.close();
    await plain.close();
    await isolated.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const loadAfter = loadavg();
  const f = (n) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
  const c = (m) => `${f(m.cpu)} (${f(m.wall)})`;
  const x = (a, b) => `**${(a.cpu / b.cpu).toFixed(1)}×** (${(a.wall / b.wall).toFixed(1)}×)`;
  const node = rows[0];
  const lines = [
    '| where | wasm threads | | @rnn/seq2seq | tfjs-layers | speed-up | tfjs-layers, stock wasm kernels | speed-up | ours ÷ ours in Node |',
    '| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of rows) {
    const vs = (k) => (r.where === 'Node' ? '–' : `${(r[k].cpu / node[k].cpu).toFixed(1)}× (${(r[k].wall / node[k].wall).toFixed(1)}×)`);
    lines.push(
      `| ${r.where} | ${r.threads} | training step | ${c(r.trainOurs)} | ${c(r.trainTfjs)} | ${x(r.trainTfjs, r.trainOurs)} | ${c(r.trainTfjsStock)} | ${x(r.trainTfjsStock, r.trainOurs)} | ${vs('trainOurs')} |`,
    );
    lines.push(
      `| ${r.where} | ${r.threads} | greedy decoding | ${c(r.decodeOurs)} | ${c(r.decodeTfjs)} | ${x(r.decodeTfjs, r.decodeOurs)} | – | – | ${vs('decodeOurs')} |`,
    );
  }
  const page = setups[1];
  const meta = {
    date: new Date().toISOString(),
    node: process.version,
    tfjs: tf.version.tfjs,
    browser: page.userAgent,
    pageSimd: page.simd,
    threadedPage: setups[2],
    loadAverageBefore: loadBefore,
    loadAverageAfter: loadAfter,
    errors,
    timing:
      'median of interleaved repetitions after one warm-up; cpu = process CPU time (Node: process.cpuUsage; page: renderer ProcessTime, all its threads, 10 ms ticks), wall = wall-clock',
  };
  const loadText = (l) => l.map((v) => v.toFixed(1)).join(' / ');
  const md = `${lines.join('\n')}

Training step: encoder 8 / decoder 16 tokens, embedding 64, GRU 256, vocabulary 2000→3000, batch 64. Greedy decoding: 16 tokens at batch 1
(tfjs-layers: \`predict\` per step). Milliseconds: **CPU time** (wall-clock in parentheses); speed-ups are tfjs-layers ÷ ours in the same place.
Node: this process, wasm on one thread. page: headless ${page.userAgent.match(/Chrome\/[\d.]+/)?.[0] ?? 'Chromium'} (Debian's chromium, SIMD ${page.simd ? 'on' : 'off'}), wasm on one thread,
and in a cross-origin isolated page ("page, isolated") asking for ${PAGE_THREADS} threads (tfjs started ${setups[2].threads}); page CPU time is the renderer process' (all threads, 10 ms ticks).
Median of ${reps} interleaved repetitions (decoding: ${5 * reps}) after one warm-up; ${meta.date}, Node ${meta.node}, tfjs ${meta.tfjs},
load average (1/5/15 min) ${loadText(loadBefore)} before and ${loadText(loadAfter)} after, on 2 cores shared with other jobs.${errors.length ? `\n\nErrors in the page: ${errors.join('; ')}` : ''}
`;
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results', 'seq2seq-browser.json'), `${JSON.stringify({ meta, rows }, null, 2)}\n`);
  writeFileSync(join(here, 'results', 'seq2seq-browser.md'), md);
  console.log(md);
}
