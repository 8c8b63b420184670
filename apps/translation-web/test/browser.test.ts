// The page in a real browser: builds it with vite, serves it on 127.0.0.1 and drives Debian's Chromium
// (playwright-core on /usr/bin/chromium). The page must translate the root README's demo sentences
// exactly as the Node translator does from the same bundle, draw the heatmap, keep tensors flat and log
// no console errors, on wasm and on cpu. Uses a small seeded bundle made here, or with
// RNN_WEB_TEST_BUNDLE=demo the latest `npm run demo` bundle when there is one.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setupBackend } from '@rnn/core/node';
import '@rnn/seq2seq/node'; // folder paths in Translator.load
import type { Page } from 'playwright-core';
import { latestDemoBundle } from '../scripts/bundle-source.mjs';
import { buildPage, CHROMIUM_PATH, launchChromium, openPage, serveStatic } from '../scripts/harness.mjs';
import { makeTestBundle } from '../scripts/make-test-bundle.mjs';
import { loadPageTranslator } from '../src/page-translator.js';
import type { BatchResult, TranslationWebHook } from '../src/test-hook.js';

const appDir = resolve(import.meta.dirname, '..');
const outDir = join(appDir, 'test-output');
const inCi = process.env.CI === 'true';
const haveChromium = existsSync(CHROMIUM_PATH);
if (!haveChromium && !inCi)
  console.warn(`browser.test: ${CHROMIUM_PATH} is missing (apt-get install chromium); the browser tests are skipped (in CI they fail).`);
const describeBrowser = haveChromium || inCi ? describe : describe.skip;

/** The English sentences of the root README's demo output (`  I am cold.   -> ...`). */
function readmeDemoSentences(): string[] {
  const readme = readFileSync(join(appDir, '..', '..', 'README.md'), 'utf8');
  const block = readme.slice(readme.indexOf('<!-- demo:start -->'), readme.indexOf('<!-- demo:end -->'));
  return [...block.matchAll(/^ {2}(\S.*?)\s+-> /gm)].map((m) => m[1] as string);
}

type Hooked = Window & { translationWeb: TranslationWebHook };

describeBrowser('translation-web in Chromium', () => {
  const sentences = readmeDemoSentences();
  let bundleDir: string;
  let node: { greedy: string[]; beam: string[] };
  let server: { url: string; close: () => Promise<void> };
  let browser: { close: () => Promise<void>; context: import('playwright-core').BrowserContext };
  let page: Page;
  const errors: string[] = [];

  const translateAll = (p: Page, texts: string[]) =>
    p.evaluate((t) => (window as unknown as Hooked).translationWeb.translateAll(t), texts) as Promise<BatchResult>;
  const numTensorsAfter = (p: Page, count: number) =>
    p.evaluate(
      ([t, n]) => {
        const w = (window as unknown as Hooked).translationWeb;
        w.translateMany(t as string[], n as number);
        return w.numTensors();
      },
      [sentences, count] as const,
    );

  beforeAll(async () => {
    mkdirSync(outDir, { recursive: true });
    const demo = process.env.RNN_WEB_TEST_BUNDLE === 'demo' ? latestDemoBundle() : undefined;
    if (process.env.RNN_WEB_TEST_BUNDLE === 'demo' && demo === undefined) console.warn('browser.test: no `npm run demo` bundle; using the small test bundle.');
    bundleDir = demo ?? join(outDir, 'test-bundle');
    await setupBackend({ backend: 'wasm', threads: 1 });
    if (demo === undefined) (await makeTestBundle(bundleDir)).dispose();
    const t = await loadPageTranslator(bundleDir);
    try {
      node = { greedy: t.greedy.translate(sentences), beam: t.beam.translate(sentences) };
    } finally {
      t.dispose();
    }
    buildPage(bundleDir, join(outDir, 'dist'));
    server = await serveStatic(join(outDir, 'dist'));
    browser = await launchChromium();
    page = await openPage(browser.context, `${server.url}?backend=wasm&threads=1`, errors);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('reads the six demo sentences from the root README', () => {
    expect(sentences).toHaveLength(6);
    expect(sentences[0]).toBe('I am cold.');
  });

  it('starts on wasm with SIMD and loads the bundle from its URL', async () => {
    const b = await page.evaluate(() => (window as unknown as Hooked).translationWeb.backend());
    expect(b).toMatchObject({ name: 'wasm', simd: true, threads: 1 });
    expect(await page.evaluate(() => (window as unknown as Hooked).translationWeb.loadMs())).toBeGreaterThan(0);
  });

  it('translates as the user types, shows both decodings and their times, and draws the heatmap', async () => {
    const text = sentences[3] as string;
    await page.fill('#source', text);
    await page.waitForSelector(`body[data-translated="${text}"]`);
    expect(await page.textContent('#greedy-out')).toBe(node.greedy[3]);
    expect(await page.textContent('#beam-out')).toBe(node.beam[3]);
    expect(await page.textContent('#greedy-ms')).toMatch(/^\d+\.\d ms$/);
    expect(await page.textContent('#beam-ms')).toMatch(/^\d+\.\d ms$/);
    expect(await page.textContent('#status')).toMatch(/^wasm \(SIMD, 1 thread\) · bundle loaded in \d+ ms$/);
    const painted = await page.evaluate(() => (window as unknown as Hooked).translationWeb.heatmapPixels());
    expect(painted).toBeGreaterThan(1000);
    await page.screenshot({ path: join(outDir, 'translation-web.png'), fullPage: true });
  });

  it('translates the README demo sentences exactly as Node does (greedy and beam 5) on wasm', async () => {
    const r = await translateAll(page, sentences);
    expect(r.greedy).toEqual(node.greedy);
    expect(r.beam).toEqual(node.beam);
  });

  it('keeps tf.memory().numTensors the same after 200 translations as after 10 on wasm', async () => {
    const after10 = await numTensorsAfter(page, 10);
    const after200 = await numTensorsAfter(page, 190);
    expect(after200).toBe(after10);
  });

  it('runs wasm on one thread in a cross-origin isolated page too (as npm run preview serves it)', async () => {
    const isolated = await serveStatic(join(outDir, 'dist'), { isolated: true });
    try {
      const p = await openPage(browser.context, isolated.url, errors);
      expect(await p.evaluate(() => (window as unknown as Hooked).translationWeb.crossOriginIsolated)).toBe(true);
      expect(await p.evaluate(() => (window as unknown as Hooked).translationWeb.backend())).toMatchObject({ name: 'wasm', simd: true, threads: 1 });
      const r = await translateAll(p, sentences);
      expect(r.greedy).toEqual(node.greedy);
      expect(r.beam).toEqual(node.beam);
      await p.close();
    } finally {
      await isolated.close();
    }
  });

  it('switches to cpu, translates exactly as Node does there too, and keeps tensors flat', async () => {
    const b = await page.evaluate(() => (window as unknown as Hooked).translationWeb.switchBackend('cpu'));
    expect(b.name).toBe('cpu');
    expect(await page.inputValue('#backend')).toBe('cpu');
    const r = await translateAll(page, sentences);
    expect(r.greedy).toEqual(node.greedy);
    expect(r.beam).toEqual(node.beam);
    const after10 = await numTensorsAfter(page, 10);
    const after200 = await numTensorsAfter(page, 190);
    expect(after200).toBe(after10);
  });

  it('logged no console errors', () => {
    expect(errors).toEqual([]);
  });
});
