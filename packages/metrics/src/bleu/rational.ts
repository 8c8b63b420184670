/**
 * The exact rational arithmetic NLTK's BLEU does with `fractions.Fraction`, on BigInt, plus the
 * correctly rounded conversion to a double that Python's `int / int` performs. Internal.
 */

/** A rational number n/d with d > 0 (not necessarily in lowest terms, like NLTK's `_normalize=False`). */
export interface Rational {
  readonly n: bigint;
  readonly d: bigint;
}

/** A precision value as NLTK holds it: an exact `Fraction` or a Python `float`. */
export type PrecisionValue = Rational | number;

/** Build a rational; the denominator must be positive. */
export function rat(n: bigint | number, d: bigint | number = 1n): Rational {
  return { n: BigInt(n), d: BigInt(d) };
}

/** True when `v` is an exact rational rather than a float. */
export function isRational(v: PrecisionValue): v is Rational {
  return typeof v !== 'number';
}

function bitLength(x: bigint): number {
  return x === 0n ? 0 : x.toString(2).length;
}

const TWO_53 = 2n ** 53n;

/**
 * The double nearest to n/d (ties to even), exactly as CPython's `int.__truediv__` rounds, so
 * `float(Fraction(n, d))` is reproduced bit for bit even when n or d exceed 2^53.
 */
export function ratToFloat(r: Rational): number {
  const negative = r.n < 0n;
  const a = negative ? -r.n : r.n;
  const d = r.d;
  if (a === 0n) return 0;
  if (a <= TWO_53 && d <= TWO_53) return (negative ? -1 : 1) * (Number(a) / Number(d));
  // Scale so the integer quotient has 55–56 bits, fold the remainder into a sticky bit, and let
  // BigInt → Number conversion (round half to even) do the single correct rounding.
  const shift = bitLength(a) - bitLength(d) - 55;
  const num = shift >= 0 ? a : a << BigInt(-shift);
  const den = shift >= 0 ? d << BigInt(shift) : d;
  let q = num / den;
  if (num % den !== 0n) q |= 1n;
  const value = Number(q) * 2 ** shift;
  return negative ? -value : value;
}

/** A precision value as a double (`float(p)` in Python). */
export function toFloat(v: PrecisionValue): number {
  return typeof v === 'number' ? v : ratToFloat(v);
}

/** `a + b` with Python's numeric tower: exact if both are rationals, float otherwise. */
export function add(a: PrecisionValue, b: PrecisionValue): PrecisionValue {
  if (isRational(a) && isRational(b)) return { n: a.n * b.d + b.n * a.d, d: a.d * b.d };
  return toFloat(a) + toFloat(b);
}

/** `a * b` with Python's numeric tower. */
export function mul(a: PrecisionValue, b: PrecisionValue): PrecisionValue {
  if (isRational(a) && isRational(b)) return { n: a.n * b.n, d: a.d * b.d };
  return toFloat(a) * toFloat(b);
}

/** `a / b` with Python's numeric tower (b must be non-zero). */
export function div(a: PrecisionValue, b: PrecisionValue): PrecisionValue {
  if (isRational(a) && isRational(b)) {
    const n = a.n * b.d;
    const d = a.d * b.n;
    return d < 0n ? { n: -n, d: -d } : { n, d };
  }
  return toFloat(a) / toFloat(b);
}

/** True when `v` equals zero. */
export function isZero(v: PrecisionValue): boolean {
  return typeof v === 'number' ? v === 0 : v.n === 0n;
}
