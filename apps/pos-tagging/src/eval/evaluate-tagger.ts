import type { TaggedSentence } from '@rnn/data';
import { MostFrequentTagBaseline } from '../baseline/most-frequent-tag.js';
import type { PosTagger } from '../model/pos-tagger.js';
import { scoreTagging, type TaggedPrediction, type TaggingScores } from './tagging-scores.js';

/**
 * The tagger and the baseline scored on the same sentences.
 *
 * @example
 * ```ts
 * const ev: TaggerEvaluation = evaluateTagger(tagger, train, test); ev.baseline.accuracy;
 * ```
 */
export interface TaggerEvaluation {
  /** Masked accuracy of the tagger from @rnn/metrics (the reported score). */
  maskedAccuracy: number;
  model: TaggingScores;
  baseline: TaggingScores;
  /** The tagger's predictions (for samples and error listings). */
  predictions: TaggedPrediction[];
}

/**
 * Tag `sentences` with the tagger and with the most-frequent-tag baseline fitted on `train`, and score
 * both against the gold tags (OOV = not in the tagger's training vocabulary, for both).
 *
 * @example
 * ```ts
 * const ev = evaluateTagger(tagger, splits.train, splits.test);
 * ev.maskedAccuracy; // ≈ 0.95; ev.baseline.accuracy ≈ 0.87
 * ```
 */
export function evaluateTagger(tagger: PosTagger, train: readonly TaggedSentence[], sentences: readonly TaggedSentence[]): TaggerEvaluation {
  const baseline = MostFrequentTagBaseline.fit(train);
  const { tags, maskedAccuracy } = tagger.predict(
    sentences.map((s) => s.words),
    sentences.map((s) => s.tags),
  );
  const predictions = sentences.map((s, i) => ({ words: s.words, gold: s.tags, predicted: tags[i] as string[] }));
  const isKnown = (w: string): boolean => tagger.vocabs.isKnown(w);
  return {
    maskedAccuracy,
    model: scoreTagging(predictions, isKnown),
    baseline: scoreTagging(
      sentences.map((s) => ({ words: s.words, gold: s.tags, predicted: baseline.tag(s.words) })),
      isKnown,
    ),
    predictions,
  };
}
