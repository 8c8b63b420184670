import { checkInteger, checkNumberInRange } from '@rnn/core';

/** Options of {@link sampleToken}. */
export interface TokenSamplerArgs {
  /** Keep only the k most likely tokens. Default: all. */
  topK?: number;
  /** Keep the smallest set of most likely tokens whose probability sums to ≥ p (nucleus sampling). Default: 1. */
  topP?: number;
}

/**
 * Draw one token id from a probability row, after optional top-k then top-p (nucleus) filtering.
 *
 * @param probs - probabilities over the vocabulary (need not be normalised).
 * @param u - a uniform number in [0, 1) (from the caller's seeded generator).
 */
export function sampleToken(probs: ArrayLike<number>, u: number, options: TokenSamplerArgs = {}): number {
  const n = probs.length;
  const topK = options.topK === undefined ? n : checkInteger('topK', options.topK);
  const topP = options.topP === undefined ? 1 : checkNumberInRange('topP', options.topP, Number.MIN_VALUE, 1);
  let ids: number[];
  if (topK >= n && topP >= 1) {
    ids = Array.from({ length: n }, (_, i) => i);
  } else {
    ids = Array.from({ length: n }, (_, i) => i).sort((a, b) => (probs[b] as number) - (probs[a] as number));
    ids = ids.slice(0, Math.min(topK, n));
    if (topP < 1) {
      let total = 0;
      for (const i of ids) total += probs[i] as number;
      let acc = 0;
      let cut = ids.length;
      for (let j = 0; j < ids.length; j++) {
        acc += (probs[ids[j] as number] as number) / total;
        if (acc >= topP) {
          cut = j + 1;
          break;
        }
      }
      ids = ids.slice(0, cut);
    }
  }
  let total = 0;
  for (const i of ids) total += probs[i] as number;
  let target = u * total;
  for (const i of ids) {
    target -= probs[i] as number;
    if (target < 0) return i;
  }
  return ids[ids.length - 1] as number;
}

/** Index of the largest value. */
export function argMax(row: ArrayLike<number>, offset = 0, length = row.length): number {
  let best = offset;
  for (let i = offset + 1; i < offset + length; i++) if ((row[i] as number) > (row[best] as number)) best = i;
  return best - offset;
}
