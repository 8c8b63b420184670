// The layers benchmark in headless Chromium beside Node: `npm run bench -w @rnn/layers -- --browser [--quick]`.
// The cases (cases.mjs) are bundled for the page with esbuild from the built package, served on 127.0.0.1 by the
// translation-web harness (Debian's Chromium through playwright-core; never a downloaded browser), and run on wasm
// with one thread, and with two threads in a cross-origin isolated page (COOP/COEP). Node runs the same cases in
// this process, on one thread. Every step of every runner is interleaved (Node, page, threaded page; ours,
// tfjs-layers, tfjs-layers on stock kernels) so that all see the same machine load.
//
// Timing: wall-clock, and CPU time: `process.cpuUsage` in Node, the renderer process' `ProcessTime` (DevTools
// protocol Performance.getMetrics; it counts the wasm worker threads too) in the page.
// Writes bench/results/layers-browser.json and bench/results/layers-browser.md.
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
import { CASES, kernelSwitch, prepareCase, shapeOf } from './cases.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes('--quick');
const PAGE_THREADS = 2;
const loadBefore = loadavg();
const switcher = kernelSwitch();

const nodeRunner = {
  where: 'Node',
  async setup() {
    await setupBackend({ backend: 'wasm', threads: 1 });
    switcher.captureWrapped();
    return { threads: 1 };
  },
  prepared: null,
  async prepare(c, impls) {
    this.prepared = prepareCase(c, impls, switcher);
  },
  async measure(impl, kind) {
    return timedInNode(() => this.prepared[kind](impl));
  },
  async done() {
    this.prepared.dispose();
  },
};

async function pageRunner(context, url, threads, errors, where) {
  const { page, timedStep } = await openBenchPage(context, url, 'layersBench', errors);
  return {
    where,
    async setup() {
      return page.evaluate((n) => window.layersBench.setup(n), threads);
    },
    async prepare(c, impls) {
      await page.evaluate(([name, list]) => window.layersBench.prepare(name, list), [c.name, impls]);
    },
    measure: (impl, kind) => timedStep(impl, kind),
    async done() {
      await page.evaluate(() => window.layersBench.done());
    },
  };
}

export async function main() {
  const dir = await buildBenchPage({ entry: join(here, 'page-entry.mjs'), title: 'layers bench', prefix: 'layers-bench-page' });
  const plain = await serveStatic(dir);
  const isolated = await serveStatic(dir, { isolated: true });
  const browser = await launchChromium();
  const errors = [];
  const results = [];
  let setups;
  try {
    const runners = [
      nodeRunner,
      await pageRunner(browser.context, plain.url, 1, errors, 'page'),
      await pageRunner(browser.context, isolated.url, PAGE_THREADS, errors, 'page, isolated'),
    ];
    setups = [];
    for (const r of runners) setups.push(await r.setup());
    for (let i = 0; i < runners.length; i++) runners[i].threads = setups[i].threads;
    const cases = CASES.filter((c) => c.backends.includes('wasm') && (!quick || c.units < 512));
    for (const c of cases) {
      const big = c.units >= 512;
      const reps = quick || big ? 1 : 3;
      const impls = big ? ['ours', 'tfjs'] : ['ours', 'tfjs', 'tfjsStock'];
      const times = runners.map(() => Object.fromEntries(impls.map((i) => [i, { train: [], infer: [] }])));
      for (const r of runners) await r.prepare(c, impls);
      for (let rep = -1; rep < reps; rep++) {
        for (const [ri, r] of runners.entries()) {
          for (const impl of impls) {
            for (const kind of ['train', 'infer']) {
              const m = await r.measure(impl, kind);
              if (rep >= 0) times[ri][impl][kind].push(m); // rep -1: warm-up (Adam slots, XNNPACK operators)
            }
          }
        }
        console.log(`${c.name} rep ${rep + 1}/${reps} done, load ${loadavg()[0].toFixed(1)}`);
      }
      for (const r of runners) await r.done();
      for (const [ri, r] of runners.entries()) {
        const row = { case: c.name, shape: shapeOf(c), where: r.where, threads: r.threads, reps, trainMs: {}, inferMs: {}, speedup: {} };
        for (const impl of impls) {
          for (const kind of ['train', 'infer']) {
            const list = times[ri][impl][kind];
            row[`${kind}Ms`][impl] = { wall: median(list.map((m) => m.wall)), cpu: median(list.map((m) => m.cpu)) };
          }
        }
        for (const impl of impls.filter((i) => i !== 'ours')) {
          row.speedup[impl] = {};
          for (const kind of ['train', 'infer'])
            for (const key of ['cpu', 'wall'])
              row.speedup[impl][`${kind}${key === 'cpu' ? 'Cpu' : 'Wall'}`] = row[`${kind}Ms`][impl][key] / row[`${kind}Ms`].ours[key];
        }
        results.push(row);
      }
    }
  } finally {
    await browser.close();
    await plain.close();
    await isolated.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const loadAfter = loadavg();
  // Ours in the page ÷ ours in Node, per case and kind.
  for (const row of results) {
    const node = results.find((r) => r.case === row.case && r.where === 'Node');
    row.vsNode = { trainCpu: row.trainMs.ours.cpu / node.trainMs.ours.cpu, trainWall: row.trainMs.ours.wall / node.trainMs.ours.wall };
  }
  const f = (n) => (n === undefined ? '–' : n >= 100 ? n.toFixed(0) : n.toFixed(1));
  const x = (n) => (n === undefined ? '–' : `${n.toFixed(1)}×`);
  const cell = (m) => (m ? `${f(m.cpu)} (${f(m.wall)})` : '–');
  const lines = [
    '| shape | where | wasm threads | | ours | tfjs-layers | speed-up | tfjs-layers, stock wasm kernels | speed-up | ours ÷ ours in Node |',
    '|---|---|---:|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    for (const [label, k] of [
      ['train step', 'train'],
      ['inference', 'infer'],
    ]) {
      const m = r[`${k}Ms`];
      const s = r.speedup;
      const sp = (impl) => (s[impl] ? `**${x(s[impl][`${k}Cpu`])}** (${x(s[impl][`${k}Wall`])})` : '–');
      const vs = k === 'train' && r.where !== 'Node' ? `${x(r.vsNode.trainCpu)} (${x(r.vsNode.trainWall)})` : '–';
      lines.push(
        `| ${r.shape} | ${r.where} | ${r.threads} | ${label} | ${cell(m.ours)} | ${cell(m.tfjs)} | ${sp('tfjs')} | ${cell(m.tfjsStock)} | ${sp('tfjsStock')} | ${vs} |`,
      );
    }
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
      'median of interleaved repetitions after one warm-up; cpu = process CPU time (Node: process.cpuUsage; page: renderer ProcessTime, all its threads), wall = wall-clock',
  };
  const loadText = (l) => l.map((v) => v.toFixed(1)).join(' / ');
  const md = `${lines.join('\n')}

Milliseconds per step: **CPU time** (wall-clock in parentheses); speed-ups are tfjs-layers ÷ ours in the same place, CPU (wall).
Node: this process, wasm on one thread. page: headless ${page.userAgent.match(/Chrome\/[\d.]+/)?.[0] ?? 'Chromium'} (Debian's chromium, SIMD ${page.simd ? 'on' : 'off'}),
wasm on one thread, and in a cross-origin isolated page ("page, isolated") asking for ${PAGE_THREADS} threads (tfjs started ${setups[2].threads}); page CPU time is the renderer process' (all threads).
Median of ${[...new Set(results.map((r) => r.reps))].join('/')} interleaved repetitions after one warm-up; ${meta.date}, Node ${meta.node}, tfjs ${meta.tfjs},
load average (1/5/15 min) ${loadText(loadBefore)} before and ${loadText(loadAfter)} after, on 2 cores shared with other jobs:
wall times are inflated by the load, CPU times much less.${errors.length ? `\n\nErrors in the page: ${errors.join('; ')}` : ''}
`;
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results', 'layers-browser.json'), `${JSON.stringify({ meta, results }, null, 2)}\n`);
  writeFileSync(join(here, 'results', 'layers-browser.md'), md);
  console.log(md);
}
