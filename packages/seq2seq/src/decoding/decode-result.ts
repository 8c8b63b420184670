/**
 * Output of every decoding strategy, one entry per source sequence.
 *
 * @example
 * ```ts
 * const r = greedy(model, [[5, 6, 7]]);
 * r.tokens[0];   // e.g. [7, 6, 5] (without <bos>/<eos>)
 * r.logProbs[0]; // e.g. -0.012
 * ```
 */
export interface DecodeResult {
  /** Generated target ids, without `<bos>` and without the final `<eos>`. */
  tokens: number[][];
  /** Sum of the log-probabilities of the generated tokens, including the `<eos>` when one was produced. */
  logProbs: number[];
  /**
   * The score the strategy ranked by: `logProbs` for greedy and sampling, the GNMT length-normalised
   * log-probability `logP / lp(Y)` for beam search.
   */
  scores: number[];
  /** Whether the sequence ended with `<eos>` (false when `maxLength` cut it). */
  finished: boolean[];
  /**
   * Attention weights per sequence, one `[srcLen]` row per generated step (including the `<eos>` step),
   * or null when the model has no attention.
   */
  attention: number[][][] | null;
}

/**
 * Options shared by every decoding strategy.
 *
 * @example
 * ```ts
 * greedy(model, sources, { maxLength: 2 * maxSourceLength });
 * ```
 */
export interface DecodeArgs {
  /** Maximum number of generated tokens (including `<eos>`). Default: 50. */
  maxLength?: number;
  /**
   * Token ids never generated, e.g. `<unk>` (like Hugging Face's `suppress_tokens`): their logits are set
   * to −∞ before the softmax, so the next best token is chosen instead. `<eos>` cannot be suppressed.
   * Default: none.
   */
  suppressTokens?: readonly number[];
}

/**
 * Default of {@link DecodeArgs}.
 *
 * @example
 * ```ts
 * DECODE_DEFAULTS.maxLength; // 50
 * DECODE_DEFAULTS.suppressTokens; // []
 * ```
 */
export const DECODE_DEFAULTS = { maxLength: 50, suppressTokens: [] as readonly number[] } as const;

/** The option names every decoding strategy accepts (unknown ones are rejected). */
export const DECODE_OPTIONS = ['maxLength', 'suppressTokens'] as const;
