/**
 * Arithmetic mean (0 for no values).
 *
 * @example
 * ```ts
 * mean([0.8, 0.82, 0.84]); // 0.82
 * ```
 */
export function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
}

/**
 * Sample standard deviation (n − 1 in the denominator), 0 for fewer than two values.
 *
 * @example
 * ```ts
 * std([0.8, 0.82, 0.84]); // 0.02
 * ```
 */
export function std(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
}

/**
 * A fraction as a percentage with one decimal.
 *
 * @example
 * ```ts
 * pct(0.8123); // '81.2%'
 * ```
 */
export function pct(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}
