import { ValueError } from '@rnn/core';
import { classificationReport, confusionMatrix } from '@rnn/metrics';

/**
 * The trace / empty-element tag of the Penn Treebank (`*-1`, `*T*-2`, `0`…).
 *
 * @example
 * ```ts
 * gold.filter((t) => t !== NONE_TAG);
 * ```
 */
export const NONE_TAG = '-NONE-';

/**
 * One sentence: its words, gold tags and predicted tags (same length).
 *
 * @example
 * ```ts
 * const p: TaggedPrediction = { words: ['a'], gold: ['DT'], predicted: ['DT'] };
 * ```
 */
export interface TaggedPrediction {
  words: readonly string[];
  gold: readonly string[];
  predicted: readonly string[];
}

/**
 * Precision, recall, F1 and support of one tag.
 *
 * @example
 * ```ts
 * scoreTagging(preds, isKnown).perTag[0]; // { tag: 'NN', precision, recall, f1, support }
 * ```
 */
export interface TagScore {
  tag: string;
  precision: number;
  recall: number;
  f1: number;
  /** Gold tokens with this tag. */
  support: number;
}

/**
 * Everything {@link scoreTagging} measures. Accuracies are over real tokens only (padding never enters).
 *
 * @example
 * ```ts
 * const s: TaggingScores = scoreTagging(preds, isKnown); s.accuracyWithoutNone;
 * ```
 */
export interface TaggingScores {
  /** Real tokens scored. */
  tokens: number;
  /** Token accuracy (= masked accuracy: every real token, no padding). */
  accuracy: number;
  /** Tokens whose gold tag is not `-NONE-`. */
  tokensWithoutNone: number;
  /** Accuracy over the tokens whose gold tag is not `-NONE-` (a prediction of `-NONE-` elsewhere still counts as an error). */
  accuracyWithoutNone: number;
  /** Tokens whose word is not in the training vocabulary. */
  oovTokens: number;
  /** Accuracy on those (`NaN` when there are none). */
  oovAccuracy: number;
  /** Accuracy on the in-vocabulary tokens. */
  knownAccuracy: number;
  /** Sentences with every tag right. */
  sentenceAccuracy: number;
  /** Per tag, by descending support (tags seen in gold or predictions). */
  perTag: TagScore[];
  /** Unweighted mean F1 over the tags with support > 0. */
  macroF1: number;
  /** Tag names of the confusion matrix rows/columns (same order as `perTag`). */
  tagOrder: string[];
  /** `confusion[gold][predicted]` counts, indexed like `tagOrder`. */
  confusion: number[][];
}

/**
 * Score tagged sentences: accuracy, accuracy without `-NONE-` trace tokens, OOV-word accuracy, and
 * per-tag precision/recall/F1 from @rnn/metrics' `confusionMatrix` + `classificationReport`.
 *
 * @param sentences - gold and predicted tags per sentence (no padding: only real tokens).
 * @param isKnown - whether a word is in the training vocabulary (for the OOV figure).
 * @throws ValueError when a sentence's arrays differ in length, or there are no tokens.
 * @example
 * ```ts
 * const s = scoreTagging([{ words: ['a', 'b'], gold: ['DT', 'NN'], predicted: ['DT', 'VB'] }], (w) => w === 'a');
 * s.accuracy;    // 0.5
 * s.oovAccuracy; // 0 ('b' is unknown and wrong)
 * ```
 */
export function scoreTagging(sentences: readonly TaggedPrediction[], isKnown: (word: string) => boolean): TaggingScores {
  const support = new Map<string, number>();
  const seen = new Set<string>();
  let tokens = 0;
  let correct = 0;
  let noneTotal = 0;
  let noneCorrect = 0;
  let oovTotal = 0;
  let oovCorrect = 0;
  let sentOk = 0;
  sentences.forEach((s, i) => {
    if (s.words.length !== s.gold.length || s.gold.length !== s.predicted.length) {
      throw new ValueError(
        `Expected sentence ${i} to have as many words, gold tags and predicted tags, but got ${s.words.length}, ${s.gold.length} and ${s.predicted.length}.`,
      );
    }
    let all = true;
    s.gold.forEach((g, j) => {
      const p = s.predicted[j] as string;
      const ok = g === p;
      tokens++;
      if (ok) correct++;
      else all = false;
      if (g !== NONE_TAG) {
        noneTotal++;
        if (ok) noneCorrect++;
      }
      if (!isKnown(s.words[j] as string)) {
        oovTotal++;
        if (ok) oovCorrect++;
      }
      support.set(g, (support.get(g) ?? 0) + 1);
      seen.add(g).add(p);
    });
    if (all) sentOk++;
  });
  if (tokens === 0) throw new ValueError('Expected at least one tagged token to score, but got none.');
  const tagOrder = [...seen].sort((a, b) => (support.get(b) ?? 0) - (support.get(a) ?? 0) || (a < b ? -1 : a > b ? 1 : 0));
  const index = new Map(tagOrder.map((t, i) => [t, i]));
  const golds: number[] = [];
  const preds: number[] = [];
  for (const s of sentences) {
    s.gold.forEach((g, j) => {
      golds.push(index.get(g) as number);
      preds.push(index.get(s.predicted[j] as string) as number);
    });
  }
  const confusion = confusionMatrix(golds, preds, tagOrder.length);
  const report = classificationReport(confusion);
  const perTag = tagOrder.map((tag, i) => {
    const c = report.perClass[i] as { precision: number; recall: number; f1: number; support: number };
    return { tag, precision: c.precision, recall: c.recall, f1: c.f1, support: c.support };
  });
  const supported = perTag.filter((t) => t.support > 0);
  return {
    tokens,
    accuracy: report.accuracy,
    tokensWithoutNone: noneTotal,
    accuracyWithoutNone: noneTotal === 0 ? Number.NaN : noneCorrect / noneTotal,
    oovTokens: oovTotal,
    oovAccuracy: oovTotal === 0 ? Number.NaN : oovCorrect / oovTotal,
    knownAccuracy: tokens - oovTotal === 0 ? Number.NaN : (correct - oovCorrect) / (tokens - oovTotal),
    sentenceAccuracy: sentOk / sentences.length,
    perTag,
    macroF1: supported.reduce((a, t) => a + t.f1, 0) / supported.length,
    tagOrder,
    confusion,
  };
}
