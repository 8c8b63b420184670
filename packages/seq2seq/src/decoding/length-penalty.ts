/**
 * GNMT length penalty (Wu et al. 2016): lp(Y) = ((5 + |Y|) / 6)^α. Beam search ranks by logP(Y) / lp(Y);
 * α = 0 ranks by raw log-probability, larger α favours longer outputs.
 *
 * @example
 * ```ts
 * gnmtLengthPenalty(7, 0.6); // (12/6)^0.6 = 1.5157…
 * ```
 */
export function gnmtLengthPenalty(length: number, alpha: number): number {
  return alpha === 0 ? 1 : ((5 + length) / 6) ** alpha;
}
