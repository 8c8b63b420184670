import { TrigramModel } from '../baselines/trigram-model.js';
import { UnigramModel } from '../baselines/unigram-model.js';
import type { Corpus } from '../data/corpus.js';
import type { CharLM } from '../model/char-lm.js';
import { evaluateHeldOut } from '../train/stateful-training.js';

/**
 * Tracks the held-out text is cut into for stateful evaluation (each starts from a zero state).
 *
 * @example
 * ```ts
 * evaluateHeldOut(model, ids, trainLength, { seqLength: 100, tracks: HELD_OUT_TRACKS });
 * ```
 */
export const HELD_OUT_TRACKS = 8;

/**
 * Held-out cross-entropy (nats/char) of the GRU and of both baselines, on exactly the same predicted positions.
 *
 * @example
 * ```ts
 * const { gru, unigram, trigram } = heldOutReport(model, corpus, 100); // gru < trigram < unigram once trained
 * ```
 */
export function heldOutReport(model: CharLM, corpus: Corpus, seqLength: number): { gru: number; unigram: number; trigram: number } {
  const gru = evaluateHeldOut(model, corpus.ids, corpus.trainLength, { seqLength, tracks: HELD_OUT_TRACKS });
  const b = baselines(corpus, gru.positions);
  return { gru: gru.crossEntropy, unigram: b.unigram, trigram: b.trigram };
}

/**
 * Unigram and interpolated-trigram cross-entropy on `positions`, fitted (and λ-tuned) on the training part only.
 *
 * @example
 * ```ts
 * const b = baselines(corpus, layout.positions); // { unigram: 3.20, trigram: 1.93, lambdas } on the full text
 * ```
 */
export function baselines(corpus: Corpus, positions: Int32Array): { unigram: number; trigram: number; lambdas: { bigram: number; trigram: number } } {
  const train = corpus.ids.subarray(0, corpus.trainLength);
  const V = corpus.vocab.size;
  const lambdas = TrigramModel.tune(train, V);
  return {
    unigram: new UnigramModel(train, V).crossEntropy(corpus.ids, positions),
    trigram: new TrigramModel(train, V, lambdas).crossEntropy(corpus.ids, positions),
    lambdas,
  };
}
