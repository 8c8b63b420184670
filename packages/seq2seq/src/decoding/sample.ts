import { checkInteger, checkKnownOptions, checkNumberInRange, describeValue, Rng, ValueError } from '@rnn/core';
import * as tf from '@tensorflow/tfjs';
import type { Seq2Seq } from '../model/seq2seq.js';
import { DECODE_OPTIONS, type DecodeArgs, type DecodeResult } from './decode-result.js';
import type { SourceBatch } from './source-batch.js';
import { stepwiseDecode } from './stepwise-decode.js';
import { sampleToken } from './token-sampler.js';

/**
 * Options of {@link sample}.
 *
 * @example
 * ```ts
 * sample(model, [[5, 6, 7]], { temperature: 0.7, topP: 0.9, seed: 1 });
 * ```
 */
export interface SampleArgs extends DecodeArgs {
  /** Softmax temperature (> 0; < 1 sharper, > 1 flatter). Default: 1. */
  temperature?: number;
  /** Sample only among the k most likely tokens. Default: all. */
  topK?: number;
  /** Nucleus sampling: only among the most likely tokens whose probability sums to ≥ p. Default: 1 (off). */
  topP?: number;
  /** Uniform random source in [0, 1). Default: a `Rng` seeded with `seed`. */
  rng?: () => number;
  /** Seed when `rng` is not given. Default: 0. */
  seed?: number;
}

/** The option names of {@link sample} (unknown ones are rejected). */
export const SAMPLE_OPTIONS = [...DECODE_OPTIONS, 'temperature', 'topK', 'topP', 'rng', 'seed'] as const;

/**
 * Ancestral sampling with temperature, top-k and top-p (nucleus) filtering, stopping at `<eos>`.
 * `logProbs` are the model's (temperature-1, unfiltered) log-probabilities of the sampled tokens.
 *
 * @param source - ragged source id arrays or an int32 `[batch, srcLen]` tensor; ids are integers in [0, sourceVocabSize).
 * @throws ValueError for an unknown or invalid option or a source id that is not an integer in [0, sourceVocabSize)
 *   (nothing is allocated then).
 * @example
 * ```ts
 * const r = sample(model, [[5, 6, 7]], { temperature: 0.8, topK: 20, seed: 1 });
 * ```
 */
export function sample(model: Seq2Seq, source: SourceBatch, options: SampleArgs = {}): DecodeResult {
  checkKnownOptions('SampleArgs', options, SAMPLE_OPTIONS);
  const temperature = checkNumberInRange('temperature', options.temperature ?? 1, Number.MIN_VALUE, Number.MAX_VALUE);
  if (options.topK !== undefined) checkInteger('topK', options.topK);
  if (options.topP !== undefined) checkNumberInRange('topP', options.topP, Number.MIN_VALUE, 1);
  if (options.rng !== undefined && typeof options.rng !== 'function') {
    throw new ValueError(`Expected \`rng\` to be a function returning numbers in [0, 1), but got ${describeValue(options.rng)}.`);
  }
  const rng = options.rng ?? new Rng(options.seed ?? 0).asFunction();
  return stepwiseDecode(model, source, options, (logp) => {
    const [b, v] = logp.shape;
    const lp = logp.dataSync();
    const probs = tf.softmax(tf.div(logp, temperature)).dataSync();
    const ids = new Int32Array(b);
    const lps = new Float32Array(b);
    for (let i = 0; i < b; i++) {
      const id = sampleToken(probs.subarray(i * v, (i + 1) * v), rng(), { topK: options.topK, topP: options.topP });
      ids[i] = id;
      lps[i] = lp[i * v + id] as number;
    }
    return { ids, logProbs: lps };
  });
}
