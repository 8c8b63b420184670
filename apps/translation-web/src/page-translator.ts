import { type Translation, Translator } from '@rnn/seq2seq';

/**
 * Decoding as the translation app's `translate` and `demo` commands do it: at most 30 tokens, `<unk>`
 * suppressed, beam search with GNMT length penalty α = 0.6.
 */
export const PAGE_DECODING = { maxLength: 30, beamWidth: 5, lengthPenalty: 0.6 } as const;

/** One decoding of one sentence, with the time it took. */
export interface TimedTranslation extends Translation {
  /** Source tokens as the model saw them (normalised, `<unk>` for unknown words). */
  sourceTokens: string[];
  /** Output tokens. */
  targetTokens: string[];
  /** Wall-clock milliseconds of the decode (including reading the result back from the backend). */
  ms: number;
}

/** The bundle's translator with the page's two decodings. */
export interface PageTranslator {
  /** Greedy decoding. */
  greedy: Translator;
  /** Beam search, width 5. */
  beam: Translator;
  /** Milliseconds `Translator.load` took. */
  loadMs: number;
  /** Free the model's tensors. */
  dispose(): void;
}

/**
 * Load a translator bundle from a URL (the folder `npm run demo` writes, served as static files) with the
 * library's loader, and make its greedy and beam-5 translators.
 */
export async function loadPageTranslator(url: string): Promise<PageTranslator> {
  const t0 = performance.now();
  const base = await Translator.load(url);
  const loadMs = performance.now() - t0;
  const suppressTokens = [base.targetVocab.unkId];
  const common = { model: base.model, sourceVocab: base.sourceVocab, targetVocab: base.targetVocab };
  const { maxLength, beamWidth, lengthPenalty } = PAGE_DECODING;
  return {
    greedy: new Translator({ ...common, decoding: { strategy: 'greedy', maxLength, suppressTokens } }),
    beam: new Translator({ ...common, decoding: { strategy: 'beam', beamWidth, lengthPenalty, maxLength, suppressTokens } }),
    loadMs,
    dispose: () => base.dispose(),
  };
}

/** Translate one sentence with one of the page's translators, timed. */
export function translateTimed(translator: Translator, text: string): TimedTranslation {
  const t0 = performance.now();
  const [r] = translator.translateDetailed([text]);
  const ms = performance.now() - t0;
  if (r === undefined) throw new Error('translateDetailed returned no result for one sentence');
  return {
    ...r,
    ms,
    sourceTokens: translator.sourceVocab.decodeTokens(translator.encodeSource(text)),
    targetTokens: translator.targetVocab.decodeTokens(r.ids),
  };
}
