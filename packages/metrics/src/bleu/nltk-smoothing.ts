/**
 * Chen & Cherry (2014) smoothing methods 0–7 exactly as NLTK 3.8's `SmoothingFunction` implements
 * them, including its mixing of exact fractions and floats. Internal; see `sentenceBleu` for the
 * documented quirks.
 */
import { ValueError } from '@rnn/core';
import { clippedCounts } from './ngrams.js';
import { add, div, isRational, isZero, mul, type PrecisionValue, rat, toFloat } from './rational.js';

/** NLTK's smoothing methods (`SmoothingFunction().method0` … `method7`).
 * @example
 * ```ts
 * const s: NltkSmoothing = 'method1'; // SmoothingFunction().method1
 * ```
 */
export type NltkSmoothing = 'method0' | 'method1' | 'method2' | 'method3' | 'method4' | 'method5' | 'method6' | 'method7';

/** Every {@link NltkSmoothing} value, in order.
 * @example
 * ```ts
 * NLTK_SMOOTHINGS.map((smoothing) => sentenceBleu(refs, hyp, { smoothing })); // 8 scores
 * ```
 */
export const NLTK_SMOOTHINGS: readonly NltkSmoothing[] = ['method0', 'method1', 'method2', 'method3', 'method4', 'method5', 'method6', 'method7'];

/** What a smoothing method sees (NLTK passes the LAST sentence's references/hypothesis and the corpus hyp length). */
export interface SmoothingContext {
  references: readonly (readonly string[])[];
  hypothesis: readonly string[];
  hypLen: number;
  epsilon: number;
  alpha: number;
  k: number;
  warn: (message: string) => void;
}

/** Python's `sys.float_info.min`, which method0 substitutes for a zero precision. */
export const FLOAT_INFO_MIN = 2.2250738585072014e-308;

function num(p: PrecisionValue): bigint {
  if (!isRational(p)) throw new Error('internal: expected an exact precision');
  return p.n;
}
function den(p: PrecisionValue): bigint {
  if (!isRational(p)) throw new Error('internal: expected an exact precision');
  return p.d;
}

/** An integer-valued JS number becomes an exact rational (Python int); others stay floats. */
function pyNumber(x: number): PrecisionValue {
  return Number.isInteger(x) ? rat(x) : x;
}

function method0(p: PrecisionValue[], ctx: SmoothingContext): PrecisionValue[] {
  return p.map((pi, i) => {
    if (num(pi) !== 0n) return pi;
    ctx.warn(
      `\nThe hypothesis contains 0 counts of ${i + 1}-gram overlaps.\n` +
        'Therefore the BLEU score evaluates to 0, independently of\n' +
        'how many N-gram overlaps of lower order it contains.\n' +
        'Consider using lower n-gram order or use SmoothingFunction()',
    );
    return FLOAT_INFO_MIN;
  });
}

function method1(p: PrecisionValue[], ctx: SmoothingContext): PrecisionValue[] {
  return p.map((pi) => (num(pi) === 0n ? (0 + ctx.epsilon) / Number(den(pi)) : pi));
}

function method2(p: PrecisionValue[]): PrecisionValue[] {
  return p.map((pi, i) => (i === 0 ? pi : rat(num(pi) + 1n, den(pi) + 1n)));
}

function method3(p: PrecisionValue[]): PrecisionValue[] {
  let incvnt = 1;
  return p.map((pi) => {
    if (num(pi) !== 0n) return pi;
    const v = 1 / Number(2n ** BigInt(incvnt) * den(pi));
    incvnt += 1;
    return v;
  });
}

function method4(p: PrecisionValue[], ctx: SmoothingContext): PrecisionValue[] {
  let incvnt = 1;
  const hypLen = ctx.hypLen || ctx.hypothesis.length;
  return p.map((pi) => {
    if (isRational(pi) && pi.n === 0n && hypLen > 1) {
      const numerator = 1 / ((2 ** incvnt * ctx.k) / Math.log(hypLen));
      incvnt += 1;
      return numerator / Number(pi.d);
    }
    return pi;
  });
}

function method5(p: PrecisionValue[], ctx: SmoothingContext): PrecisionValue[] {
  const five = clippedCounts(ctx.references, ctx.hypothesis, 5);
  const plus1 = [...p, rat(five.matches, Math.max(1, five.total))];
  const out = p.slice();
  let prev = add(p[0]!, rat(1));
  for (let i = 0; i < p.length; i++) {
    out[i] = div(add(add(prev, p[i]!), plus1[i + 1]!), rat(3));
    prev = out[i]!;
  }
  return out;
}

function method6(p: PrecisionValue[], ctx: SmoothingContext): PrecisionValue[] {
  if (p.length < 3) {
    throw new ValueError(`Expected \`weights\` to have at least 3 n-gram orders with smoothing 'method6' (NLTK raises IndexError), but got ${p.length}.`);
  }
  if (isZero(p[2]!)) {
    throw new ValueError(
      "Expected a non-zero 3-gram precision with smoothing 'method6' (NLTK asserts 'This smoothing method requires non-zero precision for bigrams.' but checks p_3), but the hypothesis has no 3-gram match.",
    );
  }
  const out = p.slice();
  const alpha = pyNumber(ctx.alpha);
  for (let i = 2; i < out.length; i++) {
    const pi = out[i]!;
    const prev2 = out[i - 2]!;
    const prev1 = out[i - 1]!;
    const pi0: PrecisionValue | 0 = isZero(prev2) ? 0 : div(isRational(prev1) ? mul(prev1, prev1) : toFloat(prev1) ** 2, prev2);
    const m = num(pi);
    const l = Math.max(0, ctx.hypothesis.length - i);
    if (pi0 === 0) {
      // Python: `(m + alpha * 0) / (l + alpha)`; with an int alpha that is int / int → float.
      out[i] = isRational(alpha) ? Number(m) / (l + ctx.alpha) : (Number(m) + ctx.alpha * 0) / (l + ctx.alpha);
    } else {
      out[i] = div(add(rat(m), mul(alpha, pi0)), add(rat(l), alpha));
    }
  }
  return out;
}

/**
 * Apply NLTK's smoothing `method` to the corpus precisions `p` (exact `numerator/denominator` pairs).
 */
export function applyNltkSmoothing(method: NltkSmoothing, p: PrecisionValue[], ctx: SmoothingContext): PrecisionValue[] {
  switch (method) {
    case 'method0':
      return method0(p, ctx);
    case 'method1':
      return method1(p, ctx);
    case 'method2':
      return method2(p);
    case 'method3':
      return method3(p);
    case 'method4':
      return method4(p, ctx);
    case 'method5':
      return method5(p, ctx);
    case 'method6':
      return method6(p, ctx);
    case 'method7':
      return method5(method4(p, ctx), ctx);
  }
}
