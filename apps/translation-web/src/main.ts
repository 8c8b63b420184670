import * as tf from '@tensorflow/tfjs';
import { activateBackend, type BackendInfo, offeredBackends, type PageBackend } from './backend.js';
import { drawHeatmap, paintedPixels } from './heatmap.js';
import { loadPageTranslator, type PageTranslator, type TimedTranslation, translateTimed } from './page-translator.js';
import { installTestHook } from './test-hook.js';

const params = new URLSearchParams(location.search);
/** The bundle URL: `?bundle=`, else the build-time `VITE_BUNDLE_URL`, else the copy shipped in `./bundle/`. */
const bundleUrl = new URL(params.get('bundle') ?? import.meta.env.VITE_BUNDLE_URL ?? './bundle/', location.href).href;
const offered = offeredBackends();
const requested = params.get('backend');
const initialBackend: PageBackend = offered.includes(requested as PageBackend) ? (requested as PageBackend) : 'wasm';
/**
 * wasm threads: `?threads=N` (used only when the page is cross-origin isolated), else 1. Not more by
 * default: tfjs-backend-wasm hands its emscripten factory to its pthread workers as source text
 * (`Function.prototype.toString`), and the minified build breaks that (the workers throw
 * "e is not defined" and the backend never starts).
 */
const threads = Number(params.get('threads') ?? 1);

const el = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const source = el<HTMLInputElement>('source');
const backendSelect = el<HTMLSelectElement>('backend');
const heatmapOf = el<HTMLSelectElement>('heatmap-of');
const status = el<HTMLSpanElement>('status');
const canvas = el<HTMLCanvasElement>('heatmap');

let translator: PageTranslator | null = null;
let backend: BackendInfo | null = null;
let last: { greedy: TimedTranslation; beam: TimedTranslation } | null = null;
let pending = 0;

function showStatus(text: string, error = false): void {
  status.textContent = text;
  status.classList.toggle('error', error);
}

function describeBackend(b: BackendInfo): string {
  if (b.name !== 'wasm') return b.name;
  return `wasm (${b.simd ? 'SIMD' : 'no SIMD'}, ${b.threads} thread${b.threads === 1 ? '' : 's'})`;
}

function drawShown(): void {
  if (last === null) return;
  const shown = heatmapOf.value === 'greedy' ? last.greedy : last.beam;
  drawHeatmap(canvas, { attention: shown.attention ?? [], sourceTokens: shown.sourceTokens, targetTokens: shown.targetTokens });
}

/** Translate what is in the box: greedy first (shown at once), then beam 5, then the heatmap. */
async function translateInput(): Promise<void> {
  const ticket = ++pending;
  const t = translator;
  const text = source.value.trim();
  if (t === null) return;
  if (text === '') {
    el('greedy-out').textContent = el('beam-out').textContent = el('greedy-ms').textContent = el('beam-ms').textContent = '';
    last = null;
    drawHeatmap(canvas, { attention: [], sourceTokens: [], targetTokens: [] });
    return;
  }
  const greedy = translateTimed(t.greedy, text);
  el('greedy-out').textContent = greedy.text;
  el('greedy-ms').textContent = `${greedy.ms.toFixed(1)} ms`;
  await tf.nextFrame();
  if (ticket !== pending || t !== translator) return; // typed on, or the backend changed meanwhile
  const beam = translateTimed(t.beam, text);
  el('beam-out').textContent = beam.text;
  el('beam-ms').textContent = `${beam.ms.toFixed(1)} ms`;
  last = { greedy, beam };
  drawShown();
  document.body.dataset.translated = text;
}

/** (Re)start on a backend: activate it, load the bundle with the library's loader, translate the box. */
async function start(name: PageBackend): Promise<void> {
  translator?.dispose();
  translator = null;
  document.body.dataset.ready = 'false';
  showStatus(`starting ${name} and loading ${bundleUrl} …`);
  backend = await activateBackend(name, threads);
  translator = await loadPageTranslator(bundleUrl);
  backendSelect.value = name;
  showStatus(`${describeBackend(backend)} · bundle loaded in ${translator.loadMs.toFixed(0)} ms`);
  await translateInput();
  document.body.dataset.ready = 'true';
}

function fail(e: unknown): void {
  showStatus(e instanceof Error ? e.message : String(e), true);
  console.error(e);
}

for (const name of offered) backendSelect.append(new Option(name, name));
let debounce: ReturnType<typeof setTimeout> | undefined;
source.addEventListener('input', () => {
  clearTimeout(debounce);
  debounce = setTimeout(() => translateInput().catch(fail), 150);
});
heatmapOf.addEventListener('change', drawShown);
backendSelect.addEventListener('change', () => start(backendSelect.value as PageBackend).catch(fail));

const ready = start(initialBackend);
ready.catch(fail);
installTestHook({
  ready,
  switchBackend: async (name) => {
    await start(name);
    return backend as BackendInfo;
  },
  backend: () => backend,
  translator: () => translator,
  heatmapPixels: () => paintedPixels(canvas),
  bundleUrl,
});
