// npm run bench -w apps/translation-web [-- --bundle demo|test] [--reps 5]
//
// Builds the page with a bundle (the latest `npm run demo` bundle when there is one, else the small test
// bundle), then measures in headless Chromium and in Node on this machine: the bundle's load time
// (Translator.load from the URL / folder) and greedy and beam-5 latency per sentence for the root README's
// six demo sentences, on wasm with one thread, wasm threaded under cross-origin isolation, webgl and cpu;
// and the gzipped size of our code in the page apart from tfjs (budget 150 KB). Writes
// bench/out/results.{json,md}; `--save` also updates bench/results.json (the numbers the README quotes).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { summarize } from './bench-timing.mjs';
import { appDir, latestDemoBundle } from './bundle-source.mjs';
import { buildPage, launchChromium, openPage, serveStatic } from './harness.mjs';
import { makeTestBundle } from './make-test-bundle.mjs';

const { values: opts } = parseArgs({
  options: { bundle: { type: 'string' }, reps: { type: 'string', default: '5' }, save: { type: 'boolean', default: false } },
});
const reps = Number(opts.reps);
const outDir = join(appDir, 'bench', 'out');
mkdirSync(outDir, { recursive: true });
const loadBefore = loadavg();

const readme = readFileSync(join(appDir, '..', '..', 'README.md'), 'utf8');
const demoBlock = readme.slice(readme.indexOf('<!-- demo:start -->'), readme.indexOf('<!-- demo:end -->'));
const sentences = [...demoBlock.matchAll(/^ {2}(\S.*?)\s+-> /gm)].map((m) => m[1]);

let bundleKind = opts.bundle ?? (latestDemoBundle() ? 'demo' : 'test');
let bundleDir = bundleKind === 'demo' ? latestDemoBundle() : undefined;
if (bundleDir === undefined) {
  if (bundleKind === 'demo') console.warn('no `npm run demo` bundle: using the small test bundle');
  bundleKind = 'test';
  bundleDir = join(outDir, 'test-bundle');
  (await makeTestBundle(bundleDir)).dispose();
}
const bundleConfig = JSON.parse(readFileSync(join(bundleDir, 'bundle.json'), 'utf8')).config;
console.log(`bundle: ${bundleKind} (${bundleDir})`);

// Node, one process per thread count.
const node = [];
for (const threads of [1, Math.min(availableParallelism(), 8)].filter((t, i, a) => a.indexOf(t) === i)) {
  const line = execFileSync(
    process.execPath,
    [join(appDir, 'scripts', 'bench-node.mjs'), bundleDir, String(threads), String(reps), JSON.stringify(sentences)],
    {
      cwd: appDir,
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    },
  );
  const r = JSON.parse(line.trim().split('\n').pop());
  node.push({ where: 'Node', case: `wasm, ${threads} thread${threads > 1 ? 's' : ''}`, ...r });
  console.log(
    `Node wasm ${threads} thread(s): load ${r.loadMs.toFixed(0)} ms, greedy ${r.greedyMsPerSentence.toFixed(1)} ms, beam ${r.beamMsPerSentence.toFixed(1)} ms`,
  );
}

// The page.
const dist = join(outDir, 'dist');
buildPage(bundleDir, dist);
const assets = readdirSync(join(dist, 'assets'));
const gz = (f) => gzipSync(readFileSync(join(dist, 'assets', f)), { level: 9 }).length;
const js = assets.filter((f) => f.endsWith('.js'));
const tfjsJs = js.filter((f) => f.startsWith('tfjs-'));
// The translate page's own code; the train page (train-*.js, and its worker, which bundles its own tfjs) is counted apart.
const trainJs = js.filter((f) => f.startsWith('train-') || f.startsWith('worker-'));
const ourJs = js.filter((f) => !f.startsWith('tfjs-') && !trainJs.includes(f));
const sizes = {
  oursGzipBytes: ourJs.reduce((a, f) => a + gz(f), 0),
  oursFiles: ourJs,
  tfjsGzipBytes: tfjsJs.reduce((a, f) => a + gz(f), 0),
  trainPageGzipBytes: trainJs.reduce((a, f) => a + gz(f), 0),
  wasmGzipBytes: Object.fromEntries(assets.filter((f) => f.endsWith('.wasm')).map((f) => [f.replace(/-[\w-]{8}\.wasm$/, '.wasm'), gz(f)])),
  budgetBytes: 150 * 1024,
};
console.log(`our code in the page: ${(sizes.oursGzipBytes / 1024).toFixed(1)} KB gzipped (tfjs ${(sizes.tfjsGzipBytes / 1024).toFixed(1)} KB)`);

const threads = Math.min(availableParallelism(), 8);
const pageCases = [
  { case: 'wasm, 1 thread', backend: 'wasm', threads: 1, isolated: false },
  { case: `wasm, ${threads} threads, cross-origin isolated`, backend: 'wasm', threads, isolated: true },
  { case: 'webgl', backend: 'webgl', threads: 1, isolated: false },
  { case: 'cpu', backend: 'cpu', threads: 1, isolated: false },
];
/** Reject after `ms` (a backend that hangs in this browser must not hang the benchmark). */
const withTimeout = (promise, ms, what) =>
  Promise.race([promise, new Promise((_, fail) => setTimeout(() => fail(new Error(`${what}: no answer in ${ms / 1000} s`)), ms).unref())]);

const page = [];
const browser = await launchChromium();
try {
  for (const c of pageCases) {
    const server = await serveStatic(dist, { isolated: c.isolated });
    const errors = [];
    try {
      const p = await withTimeout(
        openPage(browser.context, `${server.url}?backend=${c.backend}&threads=${c.threads}`, errors),
        c.threads > 1 ? 90_000 : 180_000,
        `page ${c.case}: start`,
      );
      const info = await p.evaluate(() => ({
        backend: window.translationWeb.backend(),
        loadMs: window.translationWeb.loadMs(),
        isolated: window.translationWeb.crossOriginIsolated,
        renderer: (() => {
          const gl = document.createElement('canvas').getContext('webgl2') ?? document.createElement('canvas').getContext('webgl');
          const ext = gl?.getExtension('WEBGL_debug_renderer_info');
          return gl ? String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER)) : 'no webgl';
        })(),
      }));
      const rounds = [];
      for (let i = 0; i <= reps; i++)
        rounds.push(
          await withTimeout(
            p.evaluate((s) => window.translationWeb.translateAll(s), sentences),
            300_000,
            `page ${c.case}: round ${i}`,
          ),
        );
      const r = summarize(rounds);
      const matchesNode = JSON.stringify(r.texts) === JSON.stringify(node[0].texts);
      page.push({ where: 'page', ...c, ...info, ...r, matchesNode, errors });
      console.log(
        `page ${c.case} (${info.backend?.name}): load ${info.loadMs.toFixed(0)} ms, greedy ${r.greedyMsPerSentence.toFixed(1)} ms, beam ${r.beamMsPerSentence.toFixed(1)} ms, same text as Node: ${matchesNode}`,
      );
      await p.close();
    } catch (e) {
      page.push({ where: 'page', ...c, error: String(e), errors });
      console.log(`page ${c.case}: failed: ${e}`);
    } finally {
      await server.close();
    }
  }
} finally {
  await browser.close();
}

const chromiumVersion = execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).trim();
const results = {
  date: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    model: cpus()[0]?.model,
    node: process.version,
    chromium: chromiumVersion,
    loadBefore,
    loadAfter: loadavg(),
    uptime: execFileSync('uptime', { encoding: 'utf8' }).trim(),
  },
  bundle: { kind: bundleKind, config: bundleConfig },
  sentences,
  reps,
  sizes,
  rows: [...node, ...page].map(({ texts, greedyMedians, beamMedians, ...rest }) => rest),
};
writeFileSync(join(outDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);

const f = (x) => (typeof x === 'number' ? x.toFixed(1) : '—');
const md = [
  `# translation-web benchmark (${results.date.slice(0, 10)})`,
  '',
  `Bundle: ${bundleKind} (GRU ${bundleConfig.units}, embedding ${bundleConfig.embeddingDim}, ${bundleConfig.attention}, vocabularies ${bundleConfig.sourceVocabSize}/${bundleConfig.targetVocabSize}). ` +
    `${sentences.length} sentences (the root README's demo), ${reps} rounds after a warm-up, median per sentence, mean over sentences.`,
  `Machine: ${results.machine.cpus} × ${results.machine.model}, Node ${process.version}, ${chromiumVersion} (headless, --disable-gpu); ${results.machine.uptime}.`,
  '',
  '| where | case | backend | bundle load ms | greedy ms/sentence | beam-5 ms/sentence | same text as Node |',
  '| --- | --- | --- | ---: | ---: | ---: | --- |',
  ...results.rows.map((r) =>
    r.error
      ? `| ${r.where} | ${r.case} | failed: ${r.error.split('\n')[0]} | | | | |`
      : `| ${r.where} | ${r.case} | ${r.where === 'Node' ? r.backend : `${r.backend?.name}${r.backend?.name === 'webgl' ? ` (${r.renderer})` : ''}`} | ${f(r.loadMs)} | ${f(r.greedyMsPerSentence)} | ${f(r.beamMsPerSentence)} | ${r.where === 'Node' ? '(reference)' : r.matchesNode ? 'yes' : 'no'} |`,
  ),
  '',
  `Our code in the translate page (the @rnn packages and the app, apart from tfjs): **${(sizes.oursGzipBytes / 1024).toFixed(1)} KB gzipped** (budget 150 KB); tfjs ${(sizes.tfjsGzipBytes / 1024).toFixed(1)} KB; wasm binaries ${Object.entries(
    sizes.wasmGzipBytes,
  )
    .map(([k, v]) => `${k} ${(v / 1024).toFixed(0)} KB`)
    .join(', ')} (gzip -9). The train page (its script and its worker, which bundles tfjs itself): ${(sizes.trainPageGzipBytes / 1024).toFixed(1)} KB gzipped.`,
  '',
];
writeFileSync(join(outDir, 'results.md'), md.join('\n'));
if (opts.save) writeFileSync(join(appDir, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(`\n${md.join('\n')}\nwritten: ${join(outDir, 'results.json')}, results.md${opts.save ? ', bench/results.json' : ''}`);
