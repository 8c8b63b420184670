import * as tf from '@tensorflow/tfjs';
import type { BackendInfo, PageBackend } from './backend.js';
import { type PageTranslator, translateTimed } from './page-translator.js';

/** What the page hands to {@link installTestHook}. */
export interface PageHandles {
  /** Settles when the first backend is up and the bundle is loaded. */
  ready: Promise<void>;
  switchBackend(name: PageBackend): Promise<BackendInfo>;
  backend(): BackendInfo | null;
  translator(): PageTranslator | null;
  heatmapPixels(): number;
  bundleUrl: string;
}

/** Results of {@link TranslationWebHook.translateAll}. */
export interface BatchResult {
  greedy: string[];
  beam: string[];
  greedyMs: number[];
  beamMs: number[];
}

/**
 * `window.translationWeb`: what the browser test and the benchmark drive. Every call goes through the
 * same translators the page uses.
 */
export interface TranslationWebHook {
  ready: Promise<void>;
  bundleUrl: string;
  backend(): BackendInfo | null;
  loadMs(): number | null;
  switchBackend(name: PageBackend): Promise<BackendInfo>;
  /** Translate each sentence on its own (as the page does), greedy and beam 5, timed. */
  translateAll(texts: string[]): BatchResult;
  /** Make `count` translations: `texts` round-robin, alternating greedy and beam 5. */
  translateMany(texts: string[], count: number): void;
  numTensors(): number;
  heatmapPixels(): number;
  crossOriginIsolated: boolean;
}

declare global {
  interface Window {
    translationWeb?: TranslationWebHook;
  }
}

function need(p: PageHandles): PageTranslator {
  const t = p.translator();
  if (t === null) throw new Error('The translator is not loaded (yet).');
  return t;
}

/** Expose {@link TranslationWebHook} as `window.translationWeb`. */
export function installTestHook(p: PageHandles): void {
  window.translationWeb = {
    ready: p.ready,
    bundleUrl: p.bundleUrl,
    backend: p.backend,
    loadMs: () => p.translator()?.loadMs ?? null,
    switchBackend: p.switchBackend,
    translateAll(texts) {
      const t = need(p);
      const out: BatchResult = { greedy: [], beam: [], greedyMs: [], beamMs: [] };
      for (const text of texts) {
        const g = translateTimed(t.greedy, text);
        const b = translateTimed(t.beam, text);
        out.greedy.push(g.text);
        out.greedyMs.push(g.ms);
        out.beam.push(b.text);
        out.beamMs.push(b.ms);
      }
      return out;
    },
    translateMany(texts, count) {
      const t = need(p);
      for (let i = 0; i < count; i++) {
        const text = texts[Math.floor(i / 2) % texts.length] as string;
        translateTimed(i % 2 === 0 ? t.greedy : t.beam, text);
      }
    },
    numTensors: () => tf.memory().numTensors,
    heatmapPixels: p.heatmapPixels,
    crossOriginIsolated: typeof crossOriginIsolated !== 'undefined' && crossOriginIsolated,
  };
}
