/** N-gram counting and clipped ("modified") precision counts shared by both BLEU flavours. Internal. */

/** Count the n-grams of `tokens` (keys are JSON arrays, so tokens may contain any character). */
export function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = JSON.stringify(tokens.slice(i, i + n));
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/**
 * Clipped matches and total hypothesis n-grams of order `n`: each hypothesis n-gram counts at most
 * as often as it occurs in the single reference where it occurs most.
 */
export function clippedCounts(references: readonly (readonly string[])[], hypothesis: readonly string[], n: number): { matches: number; total: number } {
  const counts = ngramCounts(hypothesis, n);
  const maxCounts = new Map<string, number>();
  for (const reference of references) {
    const refCounts = ngramCounts(reference, n);
    for (const key of counts.keys()) {
      maxCounts.set(key, Math.max(maxCounts.get(key) ?? 0, refCounts.get(key) ?? 0));
    }
  }
  let matches = 0;
  let total = 0;
  for (const [key, count] of counts) {
    matches += Math.min(count, maxCounts.get(key) ?? 0);
    total += count;
  }
  return { matches, total };
}

/** The reference length closest to `hypLen`; ties go to the shorter reference (NLTK, sacreBLEU, mteval). */
export function closestRefLength(refLengths: readonly number[], hypLen: number): number {
  let best = refLengths[0]!;
  for (const len of refLengths) {
    const diff = Math.abs(len - hypLen);
    const bestDiff = Math.abs(best - hypLen);
    if (diff < bestDiff || (diff === bestDiff && len < best)) best = len;
  }
  return best;
}
