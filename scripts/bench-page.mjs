// The parts of an in-page benchmark that the layers and seq2seq `--browser` benches share: the page build
// (esbuild bundle of a page entry, tfjs' wasm binaries, index.html), Node-side CPU timing, and opening the
// page with console errors collected and the renderer's CPU clock (DevTools `ProcessTime`) at hand.
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);

/** Bundle `entry` for the page into a temporary folder with the wasm binaries and an index.html; returns the folder. */
export async function buildBenchPage({ entry, title, prefix }) {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outfile: join(dir, 'bench.js'),
    // setupBackend imports tfjs-node only for backend 'tensorflow' (Node), which the page never asks for.
    external: ['@tensorflow/tfjs-node'],
    logLevel: 'warning',
  });
  const wasmDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  for (const f of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'])
    copyFileSync(join(wasmDir, f), join(dir, f));
  writeFileSync(
    join(dir, 'index.html'),
    `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>${title}</title><script type="module" src="./bench.js"></script>\n`,
  );
  return dir;
}

/** Run `fn` in Node and return its wall-clock and process CPU time in ms. */
export async function timedInNode(fn) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000 };
}

/**
 * Open `url` in a new page of `context`, wait until `window[bench + 'Ready']`, collect console errors. Returns the page
 * and `timedStep(...args)`, which runs `window[bench].step(...args)` and returns its wall-clock (timed in the page, so
 * the protocol round trips stay out of it) and the renderer's CPU time (DevTools `ProcessTime`, all its threads) in ms.
 */
export async function openBenchPage(context, url, bench, errors) {
  const page = await context.newPage();
  page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await page.goto(url);
  await page.waitForFunction((flag) => window[flag] === true, `${bench}Ready`);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const processTime = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ProcessTime').value * 1000;
  const timedStep = async (...args) => {
    const c0 = await processTime();
    const wall = await page.evaluate(
      async ([name, a]) => {
        const s = performance.now();
        await window[name].step(...a);
        return performance.now() - s;
      },
      [bench, args],
    );
    return { wall, cpu: (await processTime()) - c0 };
  };
  return { page, timedStep };
}
