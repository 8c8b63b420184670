/** Plain-array helpers shared by the accuracy metrics (nested label/prediction arrays → flat positions). Internal. */
import { describeValue, ShapeError } from '@rnn/core';

/** Nested numeric arrays of any depth (what `tensor.arraySync()` returns).
 * @example
 * ```ts
 * const labels: NestedNumbers = [[1, 2, 0]]; // [batch, time]
 * ```
 */
export type NestedNumbers = number | readonly NestedNumbers[];

/** Flatten `x` and return its shape; throws a `ShapeError` on ragged input. */
export function flattenWithShape(name: string, x: NestedNumbers): { data: number[]; shape: number[] } {
  const shape: number[] = [];
  let probe: NestedNumbers = x;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    probe = (probe as readonly NestedNumbers[])[0] as NestedNumbers;
  }
  const data: number[] = [];
  const walk = (v: NestedNumbers, depth: number): void => {
    if (depth === shape.length) {
      if (typeof v !== 'number') throw new ShapeError(`Expected \`${name}\` to be a rectangular numeric array, but got ${describeValue(x)}.`);
      data.push(v);
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) {
      throw new ShapeError(`Expected \`${name}\` to be a rectangular (non-ragged) array, but got ${describeValue(x)}.`);
    }
    for (const c of v as readonly NestedNumbers[]) walk(c, depth + 1);
  };
  walk(x, 0);
  return { data, shape };
}

/**
 * Per-position class labels and predicted classes (argmax) from flat data. Labels may be sparse
 * (`yTrue` rank = `yPred` rank − 1, or a trailing dimension of 1) or one-hot (same shape as `yPred`;
 * the label is the argmax, and an all-zero row is treated as padding: label `null`).
 */
export function labelsAndPredictions(
  yTrue: { data: number[]; shape: number[] },
  yPred: { data: number[]; shape: number[] },
): { labels: (number | null)[]; predicted: number[] } {
  const classes = yPred.shape[yPred.shape.length - 1];
  if (classes === undefined || yPred.shape.length < 2) {
    throw new ShapeError(`Expected \`yPred\` to have rank >= 2 ([..., classes]), but got shape [${yPred.shape.join(',')}].`);
  }
  const positions = yPred.data.length / classes;
  const predicted: number[] = [];
  for (let p = 0; p < positions; p++) predicted.push(argmax(yPred.data, p * classes, classes));
  const outer = yPred.shape.slice(0, -1);
  const sameOuter = (s: number[]): boolean => s.length === outer.length && s.every((d, i) => d === outer[i]);
  let labels: (number | null)[];
  if (sameOuter(yTrue.shape)) {
    labels = yTrue.data.slice();
  } else if (yTrue.shape.length === yPred.shape.length && sameOuter(yTrue.shape.slice(0, -1))) {
    const last = yTrue.shape[yTrue.shape.length - 1];
    if (last === 1 && classes !== 1) {
      labels = yTrue.data.slice();
    } else if (last === classes) {
      labels = [];
      for (let p = 0; p < positions; p++) {
        let any = false;
        for (let c = 0; c < classes; c++) if (yTrue.data[p * classes + c] !== 0) any = true;
        labels.push(any ? argmax(yTrue.data, p * classes, classes) : null);
      }
    } else {
      throw badShapes(yTrue.shape, yPred.shape);
    }
  } else {
    throw badShapes(yTrue.shape, yPred.shape);
  }
  return { labels, predicted };
}

function badShapes(t: number[], p: number[]): ShapeError {
  return new ShapeError(
    `Expected \`yTrue\` to be sparse labels [${p.slice(0, -1).join(',')}] or one-hot [${p.join(',')}] matching \`yPred\` [${p.join(',')}], but got shape [${t.join(',')}].`,
  );
}

/** Index of the first maximum of `data[offset .. offset+n)` (tf.argMax's tie rule). */
export function argmax(data: readonly number[], offset: number, n: number): number {
  let best = 0;
  for (let c = 1; c < n; c++) if (data[offset + c]! > data[offset + best]!) best = c;
  return best;
}

/** Correct and counted positions over labels that are not `maskValue` (and not one-hot padding). */
export function maskedCounts(labels: readonly (number | null)[], predicted: readonly number[], maskValue: number | null): { correct: number; total: number } {
  let correct = 0;
  let total = 0;
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i];
    if (l === null || l === undefined || (maskValue !== null && l === maskValue)) continue;
    total += 1;
    if (predicted[i] === l) correct += 1;
  }
  return { correct, total };
}
