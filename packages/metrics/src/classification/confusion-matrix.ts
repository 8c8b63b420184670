import { checkInteger, describeValue, ValueError } from '@rnn/core';

/**
 * Confusion matrix: `m[t][p]` counts samples of true class `t` predicted as `p` (rows = truth, like
 * scikit-learn and `tf.math.confusionMatrix`).
 *
 * @param labels - true class ids in `[0, numClasses)`.
 * @param predictions - predicted class ids, same length.
 * @param numClasses - number of classes (matrix size).
 * @returns a `numClasses × numClasses` array of counts.
 * @throws ValueError on length mismatch or an id outside `[0, numClasses)`.
 *
 * @example
 * ```ts
 * confusionMatrix([0, 1, 1, 2], [0, 1, 2, 2], 3);
 * // [[1, 0, 0],
 * //  [0, 1, 1],
 * //  [0, 0, 1]]
 * ```
 */
export function confusionMatrix(labels: readonly number[], predictions: readonly number[], numClasses: number): number[][] {
  checkInteger('numClasses', numClasses, 1);
  if (!Array.isArray(labels) || !Array.isArray(predictions)) {
    throw new ValueError(
      `Expected \`labels\` and \`predictions\` to be arrays of class ids, but got ${describeValue(labels)} and ${describeValue(predictions)}.`,
    );
  }
  if (labels.length !== predictions.length) {
    throw new ValueError(`Expected \`labels\` and \`predictions\` to have the same length, but got ${labels.length} and ${predictions.length}.`);
  }
  const m = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  const check = (name: string, v: number, i: number): number => {
    if (!Number.isInteger(v) || v < 0 || v >= numClasses) {
      throw new ValueError(`Expected \`${name}[${i}]\` to be an integer in [0, ${numClasses}), but got ${describeValue(v)}.`);
    }
    return v;
  };
  for (let i = 0; i < labels.length; i++) {
    m[check('labels', labels[i]!, i)]![check('predictions', predictions[i]!, i)]! += 1;
  }
  return m;
}
