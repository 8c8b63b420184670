import { Rng } from '@rnn/core';
import type { Seq2SeqPair } from '../src/index.js';

/** Reverse task: random sequences over symbols 3..(3+alphabet-1), length minLen..maxLen; target = reversed + <eos>=2. */
export function reversePairs(n: number, seed: number, alphabet = 8, minLen = 3, maxLen = 10): Seq2SeqPair[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => {
    const len = minLen + rng.int(maxLen - minLen + 1);
    const s = Array.from({ length: len }, () => 3 + rng.int(alphabet));
    return { source: s, target: [...s].reverse().concat([2]) };
  });
}
