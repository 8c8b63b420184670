import { describeValue, ValueError } from '@rnn/core';

/**
 * Perplexity from a mean per-token cross-entropy in nats: `exp(meanCrossEntropyNats)`.
 *
 * @param meanCrossEntropyNats - mean negative log-likelihood per token, natural log (what
 *   `sparseCategoricalCrossentropy` reports). Must be finite and ≥ 0.
 * @returns the perplexity (≥ 1).
 * @throws ValueError when the input is negative, NaN or infinite.
 *
 * @example
 * ```ts
 * perplexity(Math.log(50)); // 50 (as uncertain as a uniform choice among 50 tokens)
 * ```
 */
export function perplexity(meanCrossEntropyNats: number): number {
  if (typeof meanCrossEntropyNats !== 'number' || !Number.isFinite(meanCrossEntropyNats) || meanCrossEntropyNats < 0) {
    throw new ValueError(
      `Expected \`meanCrossEntropyNats\` to be a finite number >= 0 (mean cross-entropy in nats), but got ${describeValue(meanCrossEntropyNats)}.`,
    );
  }
  return Math.exp(meanCrossEntropyNats);
}
