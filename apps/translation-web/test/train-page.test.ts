// The train page in a real browser: builds the app with vite, serves it on 127.0.0.1 and drives Debian's
// Chromium (the harness of browser.test.ts). A tiny character GRU trains in the page's Web Worker for a
// few dozen steps: the loss must fall, an epoch must report a held-out perplexity and a sample, tensors
// must stay flat, and the model saved to IndexedDB must reload (after a page reload) and give the same
// sample for the same seed.
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { buildPage, CHROMIUM_PATH, launchChromium, serveStatic } from '../scripts/harness.mjs';
import type { TrainWebHook } from '../src/train/test-hook.js';

const appDir = resolve(import.meta.dirname, '..');
const outDir = join(appDir, 'test-output', 'train-page');
const inCi = process.env.CI === 'true';
const haveChromium = existsSync(CHROMIUM_PATH);
if (!haveChromium && !inCi) console.warn(`train-page.test: ${CHROMIUM_PATH} is missing (apt-get install chromium); skipped (in CI it fails).`);
const describeBrowser = haveChromium || inCi ? describe : describe.skip;

type Hooked = Window & { trainWeb: TrainWebHook };
// 4000 characters in 8 tracks of 20-character windows: an epoch is 24 steps.
const QUERY = '?units=32&embeddingDim=16&seqLength=20&batchSize=8&maxChars=4000&sampleLength=40&learningRate=0.01';

describeBrowser('train page in Chromium', () => {
  let server: { url: string; close: () => Promise<void> };
  let browser: { close: () => Promise<void>; context: import('playwright-core').BrowserContext };
  let page: Page;
  const errors: string[] = [];

  async function open(url = server.url): Promise<Page> {
    const p = await browser.context.newPage();
    p.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    });
    p.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    await p.goto(`${url}train.html${QUERY}`);
    await p.waitForFunction(() => (window as unknown as Hooked).trainWeb !== undefined);
    await p.evaluate(() => (window as unknown as Hooked).trainWeb.ready);
    return p;
  }
  const trainTo = (p: Page, steps: number) =>
    p.evaluate(async (n) => {
      const w = (window as unknown as Hooked).trainWeb;
      w.start();
      await w.waitForStep(n);
      await w.stop();
    }, steps);
  const sample = (p: Page, seed: number) => p.evaluate((s) => (window as unknown as Hooked).trainWeb.sample(s, 0.8, 60), seed);
  const numTensors = (p: Page) => p.evaluate(() => (window as unknown as Hooked).trainWeb.numTensors());

  beforeAll(async () => {
    mkdirSync(outDir, { recursive: true });
    buildPage(undefined, join(outDir, 'dist'));
    server = await serveStatic(join(outDir, 'dist'));
    browser = await launchChromium();
    page = await open();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('trains: the loss falls, an epoch reports perplexity and a sample, tensors stay flat', async () => {
    await trainTo(page, 30);
    const afterFirst = await numTensors(page);
    await trainTo(page, 50);
    const losses = await page.evaluate(() => (window as unknown as Hooked).trainWeb.losses());
    const epochs = await page.evaluate(() => (window as unknown as Hooked).trainWeb.epochs());
    const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
    // Starts near ln(vocabulary) ≈ 4.1 nats and must lose well over half a nat in 50 steps.
    expect(losses.length).toBeGreaterThanOrEqual(50);
    expect(mean(losses.slice(0, 5))).toBeGreaterThan(3.5);
    expect(mean(losses.slice(-10))).toBeLessThan(mean(losses.slice(0, 5)) - 0.5);
    expect(epochs.length).toBeGreaterThanOrEqual(1);
    expect(epochs[0]!.perplexity).toBeGreaterThan(1);
    expect(epochs[0]!.perplexity).toBeLessThan(60);
    expect(epochs[0]!.sample.length).toBeGreaterThan('Alice '.length + 30);
    expect(await numTensors(page)).toBe(afterFirst);
    await sample(page, 1);
    expect(await numTensors(page)).toBe(afterFirst);
    await page.screenshot({ path: join(outDir, 'train-page.png'), fullPage: true });
  });

  it('saves to IndexedDB and, after a reload, the loaded model gives the same sample for the same seed', async () => {
    const trained = await sample(page, 7);
    expect(await sample(page, 7)).toBe(trained);
    await page.evaluate(() => (window as unknown as Hooked).trainWeb.save('test'));
    await page.close();
    page = await open();
    const fresh = await sample(page, 7);
    expect(fresh).not.toBe(trained);
    await page.evaluate(() => (window as unknown as Hooked).trainWeb.load('test'));
    expect(await sample(page, 7)).toBe(trained);
  });

  it('trains in a cross-origin isolated page too (as npm run preview serves it)', async () => {
    const isolated = await serveStatic(join(outDir, 'dist'), { isolated: true });
    try {
      const p = await open(isolated.url);
      await trainTo(p, 5);
      const losses = await p.evaluate(() => (window as unknown as Hooked).trainWeb.losses());
      expect(losses.length).toBeGreaterThanOrEqual(5);
      expect(losses.every(Number.isFinite)).toBe(true);
      await p.close();
    } finally {
      await isolated.close();
    }
  });

  it('logs no console errors', () => {
    expect(errors).toEqual([]);
  });
});
