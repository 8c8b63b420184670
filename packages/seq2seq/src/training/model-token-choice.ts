import type { Rng } from '@rnn/core';
import { argMax, sampleToken } from '../decoding/token-sampler.js';
import type { SampledTokenChoice } from './teacher-forcing.js';

/**
 * The model's token for one row of logits (`row[offset .. offset + vocabSize)`): the most likely one, or a
 * draw from its softmax (one `rng.next()`).
 */
export function chooseModelToken(row: ArrayLike<number>, offset: number, vocabSize: number, how: SampledTokenChoice, rng: Rng): number {
  if (how === 'argmax') return argMax(row, offset, vocabSize);
  let max = -Infinity;
  for (let i = offset; i < offset + vocabSize; i++) max = Math.max(max, row[i] as number);
  const p = new Float64Array(vocabSize);
  for (let i = 0; i < vocabSize; i++) p[i] = Math.exp((row[offset + i] as number) - max);
  return sampleToken(p, rng.next());
}
