import type { SentimentRecord, SentimentSource } from '@rnn/data';
import { SENTIMENT_SOURCES } from '@rnn/data/node';
import { classificationReport, confusionMatrix } from '@rnn/metrics';

/** Scores of the sentences of one source. */
export interface SourceScores {
  accuracy: number;
  /** Accuracy of always answering the training majority class, on this source's sentences. */
  majorityBaseline: number;
  count: number;
}

/** Every number `evaluate` prints for one set of predictions. */
export interface SentimentScores {
  accuracy: number;
  /** Precision / recall / F1 of the positive class. */
  precision: number;
  recall: number;
  f1: number;
  /** Rows = truth (negative, positive), columns = prediction. */
  confusion: number[][];
  /** Accuracy on the sentences of each source, and there the accuracy of always answering the training majority class. */
  perSource: Record<SentimentSource, SourceScores>;
  /** Accuracy of always answering the majority class of the TRAINING set. */
  majorityBaseline: number;
  /** That class (0 negative, 1 positive). */
  majorityClass: 0 | 1;
  count: number;
}

/**
 * The training set's majority class (ties → positive); the baseline always answers it.
 *
 * @example
 * ```ts
 * majorityClass(splits.train); // 1 (1,060 of 2,080 training sentences are positive for seed 42)
 * ```
 */
export function majorityClass(train: readonly SentimentRecord[]): 0 | 1 {
  const pos = train.filter((r) => r.label === 1).length;
  return pos * 2 >= train.length ? 1 : 0;
}

/**
 * Score probabilities (threshold 0.5, inclusive) against the records' labels, with the majority-class baseline.
 * Precision/recall/F1 are those of the positive class; a zero denominator gives 0 (scikit-learn `zero_division=0`).
 *
 * @example
 * ```ts
 * const s = scoreSentiment(splits.test, predictProbabilities(model, xTest), majorityClass(splits.train));
 * s.confusion; // [[tn, fp], [fn, tp]]
 * ```
 */
export function scoreSentiment(records: readonly SentimentRecord[], probs: readonly number[], majority: 0 | 1): SentimentScores {
  const labels = records.map((r) => r.label as number);
  const preds = probs.map((p) => (p >= 0.5 ? 1 : 0));
  const confusion = confusionMatrix(labels, preds, 2);
  const report = classificationReport(confusion);
  const positive = report.perClass[1]!;
  const perSource = {} as Record<SentimentSource, SourceScores>;
  for (const s of SENTIMENT_SOURCES) {
    let n = 0;
    let ok = 0;
    let maj = 0;
    records.forEach((r, i) => {
      if (r.source !== s) return;
      n++;
      if (preds[i] === r.label) ok++;
      if (r.label === majority) maj++;
    });
    perSource[s] = { accuracy: n === 0 ? 0 : ok / n, majorityBaseline: n === 0 ? 0 : maj / n, count: n };
  }
  const majorityBaseline = labels.length === 0 ? 0 : labels.filter((l) => l === majority).length / labels.length;
  return {
    accuracy: report.accuracy,
    precision: positive.precision,
    recall: positive.recall,
    f1: positive.f1,
    confusion,
    perSource,
    majorityBaseline,
    majorityClass: majority,
    count: records.length,
  };
}

/**
 * The scores as the flat `name → number` map of metrics.json.
 *
 * @example
 * ```ts
 * flatScores('test', s); // { testAccuracy, testPrecision, …, testTruePos, testAccuracy_amazon, … }
 * ```
 */
export function flatScores(prefix: string, s: SentimentScores): Record<string, number> {
  const out: Record<string, number> = {
    [`${prefix}Accuracy`]: s.accuracy,
    [`${prefix}Precision`]: s.precision,
    [`${prefix}Recall`]: s.recall,
    [`${prefix}F1`]: s.f1,
    [`${prefix}MajorityBaseline`]: s.majorityBaseline,
    [`${prefix}Count`]: s.count,
    [`${prefix}TrueNeg`]: s.confusion[0]![0]!,
    [`${prefix}FalsePos`]: s.confusion[0]![1]!,
    [`${prefix}FalseNeg`]: s.confusion[1]![0]!,
    [`${prefix}TruePos`]: s.confusion[1]![1]!,
  };
  for (const [src, v] of Object.entries(s.perSource)) {
    out[`${prefix}Accuracy_${src}`] = v.accuracy;
    out[`${prefix}MajorityBaseline_${src}`] = v.majorityBaseline;
  }
  return out;
}

/**
 * Human-readable lines for the terminal (what `evaluate` prints).
 *
 * @example
 * ```ts
 * for (const line of formatScores('test set', s)) ctx.logger.info(line);
 * ```
 */
export function formatScores(title: string, s: SentimentScores): string[] {
  const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
  const [[tn, fp], [fn, tp]] = s.confusion as [[number, number], [number, number]];
  return [
    `${title} (${s.count} sentences)`,
    `  accuracy            ${pct(s.accuracy)}`,
    `  precision (pos)     ${pct(s.precision)}`,
    `  recall (pos)        ${pct(s.recall)}`,
    `  F1 (pos)            ${pct(s.f1)}`,
    '  confusion matrix    predicted neg  predicted pos',
    `    true neg          ${String(tn).padStart(13)}  ${String(fp).padStart(13)}`,
    `    true pos          ${String(fn).padStart(13)}  ${String(tp).padStart(13)}`,
    `  per source          ${Object.entries(s.perSource)
      .map(([k, v]) => `${k} ${pct(v.accuracy)} (n=${v.count}, baseline ${pct(v.majorityBaseline)})`)
      .join(', ')}`,
    `  majority baseline   ${pct(s.majorityBaseline)} (always "${s.majorityClass === 1 ? 'positive' : 'negative'}", the training majority)`,
  ];
}
