import { ValueError } from '@rnn/core';
import { reverseString } from './gru/reversal-data.js';

/**
 * Exact-match accuracy of a reverser: the share of `inputs` whose prediction equals the input
 * reversed (whole string, no partial credit).
 *
 * @example
 * ```ts
 * exactMatchAccuracy(['abc', 'aab'], ['cba', 'aba']); // 0.5
 * ```
 */
export function exactMatchAccuracy(inputs: readonly string[], predictions: readonly string[]): number {
  if (inputs.length !== predictions.length || inputs.length === 0) {
    throw new ValueError(`Expected as many predictions as inputs (at least one), but got ${predictions.length} predictions for ${inputs.length} inputs.`);
  }
  let ok = 0;
  inputs.forEach((s, i) => {
    if (predictions[i] === reverseString(s)) ok++;
  });
  return ok / inputs.length;
}
