import type { ReferenceGroup } from '@rnn/data';
import { bleu, corpusBleu } from '@rnn/metrics';
import type { Translation, Translator } from '@rnn/seq2seq/node';
import { lengthBuckets, nltkReferences, sacreStreams, tokens } from './references.js';

/** Source-length bucket boundaries (tokens, upper-inclusive) of the per-length BLEU table. */
export const LENGTH_BOUNDARIES = [3, 4, 5, 6] as const;

/** Corpus BLEU of a set of hypotheses against grouped references. */
export interface BleuSummary {
  /** NLTK-equal corpus BLEU-4 (0–1), all references of each source. */
  bleu4: number;
  /** sacreBLEU-style corpus BLEU (0–100) on the same (normalised) text. */
  sacreBleu: number;
  /** Its signature (`nrefs:N|case:…|tok:13a|…`). */
  signature: string;
}

/** Everything `evaluate` reports for one decoding. */
export interface EvaluationResult extends BleuSummary {
  /** The copy-the-source baseline (the English sentence given as the French output). */
  baseline: BleuSummary;
  /** NLTK corpus BLEU-4 per source-length bucket. */
  byLength: { label: string; sources: number; bleu4: number }[];
  /** Hypotheses, in the order of the groups. */
  hypotheses: string[];
  /** Translations per second of wall-clock decoding time. */
  translationsPerSecond: number;
  seconds: number;
}

/** NLTK corpus BLEU-4 and the sacreBLEU-style score of `hypotheses` (one per group). */
export function scoreBleu(groups: readonly ReferenceGroup[], hypotheses: readonly string[]): BleuSummary {
  const b4 = corpusBleu(nltkReferences(groups), hypotheses.map(tokens));
  const s = bleu([...hypotheses], sacreStreams(groups));
  return { bleu4: b4, sacreBleu: s.score, signature: s.signature };
}

/**
 * Translate every group's source in batches of `batchSize` (sources of similar length together, which keeps
 * decoding cheap), returning outputs in the groups' order.
 */
export function translateAll(translator: Translator, sources: readonly string[], batchSize = 64): Translation[] {
  const order = sources.map((s, i) => ({ i, n: tokens(s).length })).sort((a, b) => a.n - b.n || a.i - b.i);
  const out: Translation[] = new Array(sources.length);
  for (let k = 0; k < order.length; k += batchSize) {
    const chunk = order.slice(k, k + batchSize);
    const res = translator.translateDetailed(chunk.map((c) => sources[c.i] as string));
    chunk.forEach((c, j) => {
      out[c.i] = res[j] as Translation;
    });
  }
  return out;
}

/**
 * Decode the test sources with `translator` and score them: NLTK corpus BLEU-4 over all references, the
 * sacreBLEU-style score and signature, the copy-the-source baseline, and BLEU per source length.
 */
export function evaluateTranslator(translator: Translator, groups: readonly ReferenceGroup[], batchSize = 64): EvaluationResult {
  const t0 = performance.now();
  const hypotheses = translateAll(
    translator,
    groups.map((g) => g.source),
    batchSize,
  ).map((t) => t.text);
  const seconds = (performance.now() - t0) / 1000;
  const main = scoreBleu(groups, hypotheses);
  const baseline = scoreBleu(
    groups,
    groups.map((g) => g.source),
  );
  const byLength = lengthBuckets(
    groups.map((g) => tokens(g.source).length),
    LENGTH_BOUNDARIES,
  ).map((b) => ({
    label: b.label,
    sources: b.indices.length,
    bleu4: corpusBleu(
      b.indices.map((i) => (groups[i] as ReferenceGroup).targets.map(tokens)),
      b.indices.map((i) => tokens(hypotheses[i] as string)),
    ),
  }));
  return { ...main, baseline, byLength, hypotheses, seconds, translationsPerSecond: groups.length / Math.max(seconds, 1e-9) };
}

/** `source → hypothesis` lines with the references, for `n` groups spread over the (length-sorted) list. */
export function sampleLines(groups: readonly ReferenceGroup[], hypotheses: readonly string[], n: number): string {
  const picks = n >= groups.length ? groups.map((_, i) => i) : Array.from({ length: n }, (_, k) => Math.floor((k * groups.length) / n));
  return picks
    .map((i) => {
      const g = groups[i] as ReferenceGroup;
      return `EN  ${g.source}\nFR  ${hypotheses[i]}\nREF ${g.targets.join('  |  ')}`;
    })
    .join('\n\n');
}
