import { checkKnownOptions, describeValue, ValueError } from '@rnn/core';
import { PACKAGE_VERSION } from '../version.js';
import { clippedCounts, closestRefLength } from './ngrams.js';
import { tokenize13a } from './tokenizer-13a.js';

/** A corpus BLEU result in sacreBLEU's shape (`BLEUScore`).
 * @example
 * ```ts
 * const { score, precisions, bp, signature }: BleuScore = bleu(hyps, [refLines]);
 * ```
 */
export interface BleuScore {
  /** BLEU on the 0–100 scale. */
  score: number;
  /** The n-gram precisions (0–100), after smoothing, for n = 1…4. */
  precisions: number[];
  /** Brevity penalty in [0, 1]. */
  bp: number;
  /** Total hypothesis length in tokens. */
  sysLen: number;
  /** Total closest-reference length in tokens. */
  refLen: number;
  /** Clipped n-gram matches per order. */
  counts: number[];
  /** Hypothesis n-grams per order. */
  totals: number[];
  /** Reproducibility signature, e.g. `nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:0.1.0`. */
  signature: string;
}

/** Options of {@link bleu}. Only sacreBLEU's defaults are implemented; this object pins them.
 * @example
 * ```ts
 * bleu(hyps, [refLines], { lowercase: true }).signature; // 'nrefs:1|case:lc|…'
 * ```
 */
export interface SacreBleuArgs {
  /** Lowercase hypotheses and references first (`case:lc` in the signature). Default: `false`. */
  lowercase?: boolean;
}

/** Defaults of {@link SacreBleuArgs} (sacreBLEU's).
 * @example
 * ```ts
 * SACRE_BLEU_DEFAULTS.lowercase; // false
 * ```
 */
export const SACRE_BLEU_DEFAULTS = { lowercase: false } as const;

const MAX_ORDER = 4;

/** sacreBLEU's `BLEU.my_log`: log(0) is a large negative number rather than -Infinity. */
function myLog(x: number): number {
  return x === 0 ? -9999999999 : Math.log(x);
}

/**
 * Corpus BLEU exactly as sacreBLEU's default `corpus_bleu(hypotheses, references)` computes it: `13a`
 * tokenization, mixed case, max order 4, `exp` smoothing (mteval's: the k-th zero-match order gets
 * precision 100 / (2^k · total)), closest reference length with ties to the shorter, 0–100 scale.
 *
 * @param hypotheses - one detokenized string per segment.
 * @param references - reference STREAMS as in sacreBLEU: `references[j][i]` is the j-th reference of
 *   segment i, so one reference per segment is `[refs]`.
 * @param args - `lowercase` (default `false`).
 * @returns a {@link BleuScore} with its signature `nrefs:N|case:mixed|eff:no|tok:13a|smooth:exp|version:<this package's>`.
 * @throws ValueError when a stream's length differs from `hypotheses.length` or an entry is not a string.
 *
 * @remarks Not sacreBLEU itself (which is Python): the signature's `version` is this package's version.
 * A segment's reference that is the empty string still counts as a reference (sacreBLEU skips `None` only).
 *
 * @example
 * ```ts
 * const r = bleu(['The cat sat on the mat.'], [['The cat sat on the mat.']]);
 * r.score;     // 100.00000000000004 (as sacreBLEU: exp(mean(log 100)))
 * r.signature; // 'nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:0.0.0'
 * ```
 */
export function bleu(hypotheses: readonly string[], references: readonly (readonly string[])[], args?: SacreBleuArgs): BleuScore {
  checkKnownOptions('bleu options', args, ['lowercase']);
  const lowercase = args?.lowercase ?? SACRE_BLEU_DEFAULTS.lowercase;
  if (!Array.isArray(hypotheses) || !hypotheses.every((h) => typeof h === 'string')) {
    throw new ValueError(`Expected \`hypotheses\` to be an array of strings, but got ${describeValue(hypotheses)}.`);
  }
  if (!Array.isArray(references) || references.length === 0) {
    throw new ValueError(
      `Expected \`references\` to be a non-empty array of reference streams (string[][], references[j][i] = j-th reference of segment i), but got ${describeValue(references)}.`,
    );
  }
  references.forEach((stream, j) => {
    if (!Array.isArray(stream) || !stream.every((r) => typeof r === 'string')) {
      throw new ValueError(`Expected \`references[${j}]\` to be an array of strings, but got ${describeValue(stream)}.`);
    }
    if (stream.length !== hypotheses.length) {
      throw new ValueError(
        `Expected \`references[${j}]\` to have one reference per hypothesis (${hypotheses.length}), but got ${stream.length}. (references are streams: references[j][i] is the j-th reference of segment i)`,
      );
    }
  });
  const prep = (s: string): string[] => {
    const t = tokenize13a((lowercase ? s.toLowerCase() : s).trimEnd());
    return t.length === 0 ? [] : t.split(' ');
  };
  const counts = new Array<number>(MAX_ORDER).fill(0);
  const totals = new Array<number>(MAX_ORDER).fill(0);
  let sysLen = 0;
  let refLen = 0;
  hypotheses.forEach((h, i) => {
    const hyp = prep(h);
    const refs = references.map((stream) => prep(stream[i]!));
    sysLen += hyp.length;
    refLen += closestRefLength(
      refs.map((r) => r.length),
      hyp.length,
    );
    for (let n = 1; n <= MAX_ORDER; n++) {
      const c = clippedCounts(refs, hyp, n);
      counts[n - 1]! += c.matches;
      totals[n - 1]! += c.total;
    }
  });
  const precisions = new Array<number>(MAX_ORDER).fill(0);
  let smoothMteval = 1;
  for (let n = 1; n <= MAX_ORDER; n++) {
    if (totals[n - 1] === 0) break;
    if (counts[n - 1] === 0) {
      smoothMteval *= 2;
      precisions[n - 1] = 100 / (smoothMteval * totals[n - 1]!);
    } else {
      precisions[n - 1] = (100 * counts[n - 1]!) / totals[n - 1]!;
    }
  }
  const bp = sysLen < refLen ? (sysLen > 0 ? Math.exp(1 - refLen / sysLen) : 0) : 1;
  const score = bp * Math.exp(precisions.map(myLog).reduce((a, b) => a + b, 0) / MAX_ORDER);
  const signature = `nrefs:${references.length}|case:${lowercase ? 'lc' : 'mixed'}|eff:no|tok:13a|smooth:exp|version:${PACKAGE_VERSION}`;
  return { score, precisions, bp, sysLen, refLen, counts, totals, signature };
}
