// Benchmark: matrix products on the wasm backend with 1 XNNPACK thread vs the multi-threaded build that
// setupBackend({ threads }) starts under Node (src/wasm-threads.ts). The thread count is fixed per process, so
// each count runs in a child process of this script.
//
// Usage: npm run bench -w @rnn/core   (after `npx turbo run build --filter=@rnn/core`)
// Writes bench/results/threads.json and bench/results/threads.md. Wall-clock ms per call (median of 15 after 3
// warm-ups); process CPU ms per call is recorded too (it counts every thread's time).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const CASES = [
  { name: 'output projection, forward: [512,256]·[256,2703]', a: [512, 256], b: [256, 2703] },
  { name: 'output projection, input gradient: [512,2703]·[2703,256]', a: [512, 2703], b: [2703, 256] },
  { name: 'output projection, weight gradient: [256,512]·[512,2703]', a: [256, 512], b: [512, 2703] },
  { name: 'GRU(256) recurrent step, batch 64: [64,256]·[256,768]', a: [64, 256], b: [256, 768] },
  { name: 'square: [1024,1024]·[1024,1024]', a: [1024, 1024], b: [1024, 1024] },
];

if (process.argv[2] === '--child') {
  const threads = Number(process.argv[3]);
  const tf = await import('@tensorflow/tfjs');
  const { setupBackend, wasmThreadCount } = await import('../dist/node.js');
  await setupBackend({ backend: 'wasm', threads });
  const median = (xs) => [...xs].sort((p, q) => p - q)[Math.floor(xs.length / 2)];
  const out = { threads: wasmThreadCount(), rows: [] };
  for (const c of CASES) {
    const a = tf.randomNormal(c.a);
    const b = tf.randomNormal(c.b);
    const wall = [];
    const cpu = [];
    for (let rep = 0; rep < 18; rep++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const c = tf.matMul(a, b);
      c.dataSync(); // not returned from a tf.tidy: tidy would walk the array's elements looking for tensors
      c.dispose();
      const d = process.cpuUsage(c0);
      if (rep >= 3) {
        wall.push(performance.now() - t0);
        cpu.push((d.user + d.system) / 1000);
      }
    }
    tf.dispose([a, b]);
    const flops = 2 * c.a[0] * c.a[1] * c.b[1];
    out.rows.push({ case: c.name, wallMs: median(wall), cpuMs: median(cpu), gflops: flops / median(wall) / 1e6 });
  }
  console.log(JSON.stringify(out));
  process.exit(0);
}

const loadBefore = loadavg();
const counts = [1, Math.max(2, Math.min(availableParallelism(), 8))];
const runs = counts.map((n) =>
  JSON.parse(
    execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', String(n)], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .pop(),
  ),
);
const rows = CASES.map((c, i) => {
  const [one, many] = runs.map((r) => r.rows[i]);
  return { case: c.name, oneThread: one, threads: many, speedup: one.wallMs / many.wallMs };
});
for (const r of rows)
  console.log(
    `${r.case}: 1 thread ${r.oneThread.wallMs.toFixed(2)} ms, ${runs[1].threads} threads ${r.threads.wallMs.toFixed(2)} ms, ${r.speedup.toFixed(2)}x`,
  );
const meta = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: availableParallelism(),
  threads: runs.map((r) => r.threads),
  loadBefore,
  loadAfter: loadavg(),
};
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'threads.json'), `${JSON.stringify({ meta, rows }, null, 2)}\n`);
const n = runs[1].threads;
const md = [
  `| product | 1 thread (ms) | ${n} threads (ms) | speed-up | GFLOPS, 1 / ${n} threads |`,
  '|---|---:|---:|---:|---:|',
  ...rows.map(
    (r) =>
      `| ${r.case} | ${r.oneThread.wallMs.toFixed(2)} | ${r.threads.wallMs.toFixed(2)} | **${r.speedup.toFixed(2)}×** | ${r.oneThread.gflops.toFixed(1)} / ${r.threads.gflops.toFixed(1)} |`,
  ),
  '',
  `Wall-clock median of 15 calls after 3 warm-ups (\`tf.matMul\` + \`dataSync\`), one process per thread count; ${meta.date},`,
  `Node ${meta.node}, ${meta.cpus} CPUs, load average ${loadBefore.map((l) => l.toFixed(1)).join(' / ')} before.`,
  '',
].join('\n');
writeFileSync(join(here, 'results', 'threads.md'), md);
