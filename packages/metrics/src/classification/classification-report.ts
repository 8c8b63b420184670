import { describeValue, ShapeError } from '@rnn/core';

/** Precision, recall, F1 and support of one class (or an average).
 * @example
 * ```ts
 * const { precision, recall, f1, support }: ClassScores = classificationReport(m).macro;
 * ```
 */
export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  /** Number of true samples of the class (for averages: all samples). */
  support: number;
}

/** Result of {@link classificationReport}.
 * @example
 * ```ts
 * const r: ClassificationReport = classificationReport(confusionMatrix(labels, preds, 3));
 * r.perClass.length; // 3
 * ```
 */
export interface ClassificationReport {
  /** One entry per class id. */
  perClass: ClassScores[];
  /** Unweighted mean over classes (scikit-learn `average='macro'`). */
  macro: ClassScores;
  /** Support-weighted mean over classes (scikit-learn `average='weighted'`). */
  weighted: ClassScores;
  /** Overall accuracy (trace / total). */
  accuracy: number;
}

/**
 * Per-class precision/recall/F1 and their macro and weighted averages from a confusion matrix (rows =
 * truth, columns = prediction, as {@link confusionMatrix} returns). A zero denominator gives 0, like
 * scikit-learn's `zero_division=0` (without its warning). Every class, even one with no support, counts
 * in the macro average, as in scikit-learn when `labels` lists all classes.
 *
 * @param matrix - a square `numClasses × numClasses` confusion matrix.
 * @throws ShapeError when `matrix` is not square.
 *
 * @example
 * ```ts
 * const r = classificationReport(confusionMatrix([0, 1, 1, 2], [0, 1, 2, 2], 3));
 * r.perClass[1]; // { precision: 1, recall: 0.5, f1: 0.6666666666666666, support: 2 }
 * r.macro.f1;    // 0.7777777777777777
 * r.accuracy;    // 0.75
 * ```
 */
export function classificationReport(matrix: readonly (readonly number[])[]): ClassificationReport {
  const k = Array.isArray(matrix) ? matrix.length : 0;
  if (k === 0 || !matrix.every((row) => Array.isArray(row) && row.length === k)) {
    throw new ShapeError(`Expected \`matrix\` to be a non-empty square confusion matrix, but got ${describeValue(matrix)}.`);
  }
  const safe = (a: number, b: number): number => (b === 0 ? 0 : a / b);
  let total = 0;
  let trace = 0;
  const perClass: ClassScores[] = [];
  for (let c = 0; c < k; c++) {
    const tp = matrix[c]![c]!;
    let predicted = 0;
    let support = 0;
    for (let j = 0; j < k; j++) {
      predicted += matrix[j]![c]!;
      support += matrix[c]![j]!;
    }
    const precision = safe(tp, predicted);
    const recall = safe(tp, support);
    perClass.push({ precision, recall, f1: safe(2 * precision * recall, precision + recall), support });
    total += support;
    trace += tp;
  }
  const avg = (weights: number[]): ClassScores => {
    const wsum = weights.reduce((a, b) => a + b, 0);
    const mean = (key: 'precision' | 'recall' | 'f1'): number =>
      safe(
        perClass.reduce((s, p, i) => s + p[key] * weights[i]!, 0),
        wsum,
      );
    return { precision: mean('precision'), recall: mean('recall'), f1: mean('f1'), support: total };
  };
  return {
    perClass,
    macro: avg(perClass.map(() => 1)),
    weighted: avg(perClass.map((p) => p.support)),
    accuracy: safe(trace, total),
  };
}
