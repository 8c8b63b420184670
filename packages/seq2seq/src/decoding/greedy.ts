import { checkKnownOptions } from '@rnn/core';
import * as tf from '@tensorflow/tfjs';
import type { Seq2Seq } from '../model/seq2seq.js';
import { DECODE_OPTIONS, type DecodeArgs, type DecodeResult } from './decode-result.js';
import type { SourceBatch } from './source-batch.js';
import { stepwiseDecode } from './stepwise-decode.js';

/**
 * Options of {@link greedy}.
 *
 * @example
 * ```ts
 * greedy(model, [[5, 6, 7]], { maxLength: 20 });
 * ```
 */
export type GreedyArgs = DecodeArgs;

/**
 * Greedy decoding: at every step take the most likely token, stop at `<eos>` (or `maxLength`).
 * Batched; runs the decoder one step at a time with the fused step op and no gradient tape.
 *
 * @param model - a trained {@link Seq2Seq}.
 * @param source - ragged source id arrays (padded with 0 here) or an int32 `[batch, srcLen]` tensor; ids are
 *   integers in [0, sourceVocabSize).
 * @param options - `maxLength` (Default: 50), `suppressTokens` (Default: none).
 * @returns a {@link DecodeResult}; `scores` equal `logProbs`.
 * @throws ValueError for an unknown or invalid option or a source id that is not an integer in [0, sourceVocabSize)
 *   (nothing is allocated then).
 * @example
 * ```ts
 * const { tokens } = greedy(model, [[5, 6, 7], [8, 9]]);
 * tokens.length; // 2
 * ```
 */
export function greedy(model: Seq2Seq, source: SourceBatch, options: GreedyArgs = {}): DecodeResult {
  checkKnownOptions('GreedyArgs', options, DECODE_OPTIONS);
  return stepwiseDecode(model, source, options, (logp) => {
    const both = tf.concat([tf.cast(tf.argMax(logp, 1), 'float32'), tf.max(logp, 1)]).dataSync();
    const b = logp.shape[0];
    return { ids: both.subarray(0, b), logProbs: both.subarray(b) };
  });
}
