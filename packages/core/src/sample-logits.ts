import type { Rng } from './rng.js';

/**
 * Draw an index from softmax(logits / temperature); `banned` ids (padding, reserved) get probability 0.
 * Computed in float64 with the maximum subtracted first, so large logits do not overflow.
 *
 * @example
 * ```ts
 * sampleLogits([0, 10, 0], 0.5, new Rng(1));      // 1 (almost surely)
 * sampleLogits([0, 10, 0], 1, new Rng(1), [1]);   // 0 or 2
 * ```
 */
export function sampleLogits(logits: ArrayLike<number>, temperature: number, rng: Rng, banned: readonly number[] = []): number {
  const n = logits.length;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) if (!banned.includes(i)) max = Math.max(max, (logits[i] as number) / temperature);
  const p = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    p[i] = banned.includes(i) ? 0 : Math.exp((logits[i] as number) / temperature - max);
    sum += p[i] as number;
  }
  let r = rng.next() * sum;
  for (let i = 0; i < n; i++) {
    r -= p[i] as number;
    if (r <= 0 && (p[i] as number) > 0) return i;
  }
  for (let i = n - 1; i >= 0; i--) if ((p[i] as number) > 0) return i;
  return 0;
}
