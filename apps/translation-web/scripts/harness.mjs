// Node-side harness shared by the browser test and the benchmark: build the page with a given bundle,
// serve it on 127.0.0.1 (optionally cross-origin isolated), and start Debian's Chromium through
// playwright-core (never a downloaded browser).
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { appDir, BUNDLE_DIR_ENV } from './bundle-source.mjs';

/** The Chromium binary: `CHROMIUM_PATH`, else Debian's `/usr/bin/chromium`. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags for headless Chromium on a closed network, as root, without a GPU. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** `vite build` of the page into `outDir`, shipping the bundle folder `bundleDir` (undefined: the default, see bundle-source.mjs). Throws with vite's output on failure. */
export function buildPage(bundleDir, outDir) {
  const vite = resolve(appDir, '..', '..', 'node_modules', 'vite', 'bin', 'vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: appDir,
    env: { ...process.env, [BUNDLE_DIR_ENV]: bundleDir },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`vite build failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return { stdout: r.stdout, stderr: r.stderr };
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/**
 * Serve `root` on 127.0.0.1 (a free port). With `isolated`, every response carries COOP/COEP so the page
 * is cross-origin isolated (SharedArrayBuffer, threaded wasm). Resolves to `{ url, close }`.
 */
export function serveStatic(root, { isolated = false } = {}) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = normalize(join(root, path));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404).end(`not found: ${path}`);
      return;
    }
    const headers = { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' };
    if (isolated) Object.assign(headers, { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' });
    res.writeHead(200, headers);
    createReadStream(file).pipe(res);
  });
  return new Promise((ok) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      ok({ url: `http://127.0.0.1:${port}/`, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

/** Start Chromium with a fresh profile. Resolves to `{ context, close }` (close also removes the profile). */
export async function launchChromium() {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Expected Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH), but it is missing.`);
  const profile = mkdtempSync(join(tmpdir(), 'translation-web-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Open the page at `url` and wait until it has loaded the bundle. Collects console errors and page
 * errors into `errors`. Resolves to the page; rejects when it is not ready within `readyTimeoutMs`.
 */
export async function openPage(context, url, errors = [], readyTimeoutMs = 120_000) {
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await page.goto(url);
  await page.waitForFunction(() => window.translationWeb !== undefined);
  // A backend that never becomes ready (e.g. wasm workers that fail) must fail here, not hang.
  await Promise.race([
    page.evaluate(() => window.translationWeb.ready),
    new Promise((_, fail) =>
      setTimeout(
        () => fail(new Error(`${url}: the page was not ready after ${readyTimeoutMs / 1000} s; errors: ${errors.join(' | ')}`)),
        readyTimeoutMs,
      ).unref(),
    ),
  ]);
  return page;
}
