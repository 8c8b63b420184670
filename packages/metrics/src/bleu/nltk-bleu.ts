import { checkKnownOptions, checkOneOf, describeValue, ValueError } from '@rnn/core';
import { fsum } from './fsum.js';
import { clippedCounts, closestRefLength } from './ngrams.js';
import { applyNltkSmoothing, NLTK_SMOOTHINGS, type NltkSmoothing } from './nltk-smoothing.js';
import { type PrecisionValue, rat, toFloat } from './rational.js';

/** Options of {@link sentenceBleu} and {@link corpusBleu} (NLTK's keyword arguments, camelCased).
 * @example
 * ```ts
 * sentenceBleu(refs, hyp, { weights: [0.5, 0.5], smoothing: 'method4', k: 3, warn: console.warn });
 * ```
 */
export interface NltkBleuArgs {
  /** Weights of the 1-gram, 2-gram, … log precisions; their count is the maximum n-gram order. Default: `[0.25, 0.25, 0.25, 0.25]`. */
  weights?: readonly number[];
  /** NLTK's `SmoothingFunction().methodN`. Default: `'method0'` (no smoothing, NLTK's default). */
  smoothing?: NltkSmoothing;
  /** NLTK's `auto_reweigh`: if the (corpus) hypothesis length is < 4 and the weights are the default four 0.25s, use `1/len` for the first `len` orders. Default: `false`. */
  autoReweigh?: boolean;
  /** `SmoothingFunction(epsilon=…)`, the count added by method1. Default: `0.1`. */
  epsilon?: number;
  /** `SmoothingFunction(alpha=…)`, the prior weight of method6. Default: `5`. */
  alpha?: number;
  /** `SmoothingFunction(k=…)`, the constant of method4/method7. Default: `5`. */
  k?: number;
  /** Receives NLTK's warning text when method0 meets an n-gram order with no match (NLTK calls `warnings.warn`). Default: no-op (silent). */
  warn?: (message: string) => void;
}

/** Defaults of {@link NltkBleuArgs}, NLTK 3.8's.
 * @example
 * ```ts
 * NLTK_BLEU_DEFAULTS.smoothing; // 'method0'
 * ```
 */
export const NLTK_BLEU_DEFAULTS = {
  weights: [0.25, 0.25, 0.25, 0.25],
  smoothing: 'method0',
  autoReweigh: false,
  epsilon: 0.1,
  alpha: 5,
  k: 5,
} as const;

const KNOWN_OPTIONS = ['weights', 'smoothing', 'autoReweigh', 'epsilon', 'alpha', 'k', 'warn'] as const;

/** How far `sum(weights)` may be from 1 before we call the weights a mistake. NLTK itself does not check. */
const WEIGHT_SUM_TOLERANCE = 0.01;

function checkTokens(name: string, value: unknown): readonly string[] {
  if (!Array.isArray(value) || !value.every((t) => typeof t === 'string')) {
    throw new ValueError(`Expected \`${name}\` to be a list of string tokens, but got ${describeValue(value)}.`);
  }
  return value as readonly string[];
}

function checkReferences(name: string, value: unknown): readonly (readonly string[])[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new ValueError(`Expected \`${name}\` to be a non-empty list of reference token lists (string[][]), but got ${describeValue(value)}.`);
  }
  for (let i = 0; i < value.length; i++) {
    const ref = value[i] as unknown;
    if (!Array.isArray(ref) || !ref.every((t) => typeof t === 'string')) {
      throw new ValueError(
        `Expected \`${name}[${i}]\` to be a list of string tokens (references are string[][], one token list per reference), but got ${describeValue(ref)}.`,
      );
    }
  }
  return value as readonly (readonly string[])[];
}

function checkWeights(value: unknown): readonly number[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new ValueError(`Expected \`weights\` to be a non-empty array of numbers, but got ${describeValue(value)}.`);
  }
  for (const w of value) {
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) {
      throw new ValueError(`Expected \`weights\` to hold finite numbers >= 0, but got ${describeValue(value)}.`);
    }
  }
  const sum = (value as number[]).reduce((a, b) => a + b, 0);
  if (Math.abs(sum - 1) > WEIGHT_SUM_TOLERANCE) {
    throw new ValueError(`Expected \`weights\` to sum to 1 (±${WEIGHT_SUM_TOLERANCE}), but got ${describeValue(value)} (sum ${sum}).`);
  }
  return value as readonly number[];
}

function checkFinite(name: string, value: unknown, positive: boolean): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (positive && value === 0)) {
    throw new ValueError(`Expected \`${name}\` to be a finite number ${positive ? '> 0' : '>= 0'}, but got ${describeValue(value)}.`);
  }
  return value;
}

interface ResolvedArgs {
  weights: readonly number[];
  smoothing: NltkSmoothing;
  autoReweigh: boolean;
  epsilon: number;
  alpha: number;
  k: number;
  warn: (message: string) => void;
}

function resolveArgs(args: NltkBleuArgs | undefined): ResolvedArgs {
  checkKnownOptions('BLEU options', args, KNOWN_OPTIONS);
  const a = args ?? {};
  if (a.autoReweigh !== undefined && typeof a.autoReweigh !== 'boolean') {
    throw new ValueError(`Expected \`autoReweigh\` to be a boolean, but got ${describeValue(a.autoReweigh)}.`);
  }
  if (a.warn !== undefined && typeof a.warn !== 'function') {
    throw new ValueError(`Expected \`warn\` to be a function, but got ${describeValue(a.warn)}.`);
  }
  return {
    weights: checkWeights(a.weights ?? NLTK_BLEU_DEFAULTS.weights),
    smoothing: checkOneOf('smoothing', a.smoothing ?? NLTK_BLEU_DEFAULTS.smoothing, NLTK_SMOOTHINGS),
    autoReweigh: a.autoReweigh ?? NLTK_BLEU_DEFAULTS.autoReweigh,
    epsilon: checkFinite('epsilon', a.epsilon ?? NLTK_BLEU_DEFAULTS.epsilon, false),
    alpha: checkFinite('alpha', a.alpha ?? NLTK_BLEU_DEFAULTS.alpha, false),
    k: checkFinite('k', a.k ?? NLTK_BLEU_DEFAULTS.k, true),
    warn: a.warn ?? (() => {}),
  };
}

function isDefaultWeights(w: readonly number[]): boolean {
  return w.length === 4 && w.every((x) => x === 0.25);
}

/** NLTK's `brevity_penalty(closest_ref_len, hyp_len)`. */
function brevityPenalty(refLen: number, hypLen: number): number {
  if (hypLen > refLen) return 1;
  if (hypLen === 0) return 0;
  return Math.exp(1 - refLen / hypLen);
}

function corpusBleuImpl(listOfReferences: readonly (readonly (readonly string[])[])[], hypotheses: readonly (readonly string[])[], o: ResolvedArgs): number {
  const maxOrder = o.weights.length;
  const numerators = new Array<number>(maxOrder + 1).fill(0);
  const denominators = new Array<number>(maxOrder + 1).fill(0);
  let hypLengths = 0;
  let refLengths = 0;
  for (let s = 0; s < hypotheses.length; s++) {
    const refs = listOfReferences[s]!;
    const hyp = hypotheses[s]!;
    for (let n = 1; n <= maxOrder; n++) {
      const { matches, total } = clippedCounts(refs, hyp, n);
      numerators[n]! += matches;
      // NLTK's modified_precision uses max(1, count): a sentence shorter than n adds 1 here.
      denominators[n]! += Math.max(1, total);
    }
    hypLengths += hyp.length;
    refLengths += closestRefLength(
      refs.map((r) => r.length),
      hyp.length,
    );
  }
  const bp = brevityPenalty(refLengths, hypLengths);
  if (numerators[1] === 0) return 0;
  let p: PrecisionValue[] = [];
  for (let n = 1; n <= maxOrder; n++) p.push(rat(numerators[n]!, denominators[n]!));
  // NLTK passes the loop variables of the LAST sentence (and the corpus hypothesis length) to smoothing.
  p = applyNltkSmoothing(o.smoothing, p, {
    references: listOfReferences[listOfReferences.length - 1]!,
    hypothesis: hypotheses[hypotheses.length - 1]!,
    hypLen: hypLengths,
    epsilon: o.epsilon,
    alpha: o.alpha,
    k: o.k,
    warn: o.warn,
  });
  let weights = o.weights;
  if (o.autoReweigh && hypLengths < 4 && isDefaultWeights(weights)) {
    weights = new Array<number>(hypLengths).fill(1 / hypLengths);
  }
  const terms: number[] = [];
  for (let i = 0; i < Math.min(weights.length, p.length); i++) {
    const pi = toFloat(p[i]!);
    if (pi > 0) terms.push(weights[i]! * Math.log(pi));
  }
  return bp * Math.exp(fsum(terms));
}

/**
 * Sentence-level BLEU, the same number NLTK 3.8's `nltk.translate.bleu_score.sentence_bleu` returns
 * (it is `corpusBleu([references], [hypothesis], args)`).
 *
 * @param references - the reference translations of one sentence, each a token list (`string[][]`).
 * @param hypothesis - the candidate translation's tokens.
 * @param args - weights, smoothing (`'method0'`…`'method7'`), `autoReweigh`, and NLTK's `epsilon`/`alpha`/`k`.
 * @returns BLEU in [0, 1].
 * @throws ValueError when `references` is not a non-empty `string[][]`, `hypothesis` is not a `string[]`,
 *   `weights` is empty, negative or does not sum to 1 (±0.01), an option is unknown, or method6 gets
 *   fewer than 3 orders / a zero 3-gram precision (where NLTK raises).
 *
 * @remarks
 * NLTK quirks reproduced on purpose (see the package README for the full list):
 * - **No unigram match → exactly 0**, before any smoothing (so no smoothing method can lift it).
 * - **method0 with an order that has no match** does not return 0: NLTK substitutes
 *   `sys.float_info.min` (2.2e-308) for that precision, so the score is a tiny positive number such as
 *   5.9e-155, and it warns once per such order (here: through `warn`, silent by default).
 * - Any precision that ends up `<= 0` after smoothing is **skipped** in the geometric mean (e.g. method4
 *   when the hypothesis has one token), which raises rather than zeroes the score.
 * - Precisions are exact fractions; a hypothesis shorter than n counts **1** in the n-gram denominator.
 * - `autoReweigh` only fires for the default four 0.25 weights (compared by value here; in Python only the
 *   tuple matched, not a list).
 * - method6 checks the **3-gram** precision although its message says bigrams; it needs ≥ 3 orders.
 *
 * @example
 * ```ts
 * const ref = 'the cat is on the mat'.split(' ');
 * sentenceBleu([ref], 'the cat sat on the mat'.split(' ')); // 7.262123179505913e-78 (no 4-gram match, method0)
 * sentenceBleu([ref], 'the cat sat on the mat'.split(' '), { smoothing: 'method1' }); // 0.25406637407730737
 * ```
 */
export function sentenceBleu(references: readonly (readonly string[])[], hypothesis: readonly string[], args?: NltkBleuArgs): number {
  const refs = checkReferences('references', references);
  const hyp = checkTokens('hypothesis', hypothesis);
  return corpusBleuImpl([refs], [hyp], resolveArgs(args));
}

/**
 * Corpus-level BLEU, the same number NLTK 3.8's `nltk.translate.bleu_score.corpus_bleu` returns: clipped
 * n-gram matches and n-gram counts are summed over all sentences before dividing (micro-average), and the
 * brevity penalty uses the summed hypothesis length and summed closest reference lengths.
 *
 * @param listOfReferences - per hypothesis, its references (`string[][][]`).
 * @param hypotheses - the candidate translations (`string[][]`).
 * @param args - as for {@link sentenceBleu}.
 * @returns BLEU in [0, 1].
 * @throws ValueError when the counts differ (NLTK: AssertionError), or for the bad inputs listed at {@link sentenceBleu}.
 *
 * @remarks
 * Corpus-level smoothing quirk reproduced from NLTK: the smoothing function receives the **corpus**
 * hypothesis length (`hyp_len=hyp_lengths`, used by method4/method7) but the references and hypothesis of
 * the **last** sentence only (Python's leaked loop variables) — so method5/7 add the last sentence's
 * 5-gram precision and method6 uses the last hypothesis's n-gram count as its denominator. `autoReweigh`
 * also looks at the corpus hypothesis length. An empty corpus scores 0.
 *
 * @example
 * ```ts
 * corpusBleu(
 *   [[['the', 'cat', 'sat']], [['a', 'dog', 'ran', 'away']]],
 *   [['the', 'cat', 'sat'], ['a', 'dog', 'ran', 'off']],
 *   { weights: [0.5, 0.5] },
 * ); // 0.828078671210825
 * ```
 */
export function corpusBleu(
  listOfReferences: readonly (readonly (readonly string[])[])[],
  hypotheses: readonly (readonly string[])[],
  args?: NltkBleuArgs,
): number {
  if (!Array.isArray(listOfReferences)) {
    throw new ValueError(`Expected \`listOfReferences\` to be an array (string[][][]), but got ${describeValue(listOfReferences)}.`);
  }
  if (!Array.isArray(hypotheses)) {
    throw new ValueError(`Expected \`hypotheses\` to be an array of token lists (string[][]), but got ${describeValue(hypotheses)}.`);
  }
  if (listOfReferences.length !== hypotheses.length) {
    throw new ValueError(
      `Expected \`listOfReferences\` and \`hypotheses\` to have the same length, but got ${listOfReferences.length} and ${hypotheses.length}.`,
    );
  }
  const refs = listOfReferences.map((r, i) => checkReferences(`listOfReferences[${i}]`, r));
  const hyps = hypotheses.map((h, i) => checkTokens(`hypotheses[${i}]`, h));
  return corpusBleuImpl(refs, hyps, resolveArgs(args));
}
