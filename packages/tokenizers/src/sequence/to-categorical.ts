import { describeValue, ShapeError, ValueError } from '@rnn/core';
import * as tf from '@tensorflow/tfjs';

/**
 * Class labels: a (nested) array of integers, or an integer/float tensor holding integers.
 *
 * @example
 * ```ts
 * toCategorical(tf.tensor1d([1, 0], 'int32'), 2); // shape [2, 2]
 * ```
 */
export type CategoricalLabels = number | readonly number[] | readonly (readonly number[])[] | tf.Tensor;

/**
 * One-hot encode integer class labels, like Keras' `to_categorical`: the result has the labels'
 * shape plus a last axis of size `numClasses` (a trailing axis of size 1 is dropped first, so
 * `[n, 1]` labels give `[n, numClasses]`).
 *
 * @param labels - integers in `[0, numClasses)`; arrays or a tensor.
 * @param numClasses - number of classes. Default: `max(labels) + 1`.
 * @returns a `float32` tensor (the caller disposes it).
 * @throws ValueError naming the value and its position when a label is not an integer, is negative
 *   or is `>= numClasses`, or when `numClasses` is not a positive integer.
 * @example
 * ```ts
 * const y = toCategorical([0, 2, 1]); // shape [3, 3]
 * y.arraySync(); // [[1, 0, 0], [0, 0, 1], [0, 1, 0]]
 * ```
 */
export function toCategorical(labels: CategoricalLabels, numClasses?: number): tf.Tensor {
  let shape: number[];
  let flat: number[];
  if (labels instanceof tf.Tensor) {
    shape = [...labels.shape];
    flat = Array.from(labels.dataSync());
  } else {
    if (typeof labels !== 'number' && !Array.isArray(labels)) {
      throw new ValueError(`Expected \`labels\` to be integers (an array or a tensor), but got ${describeValue(labels)}.`);
    }
    shape = [];
    flat = [];
    flatten(labels, 0, shape, flat);
    if (flat.length !== shape.reduce((a, b) => a * b, 1)) {
      throw new ShapeError(`Expected \`labels\` to be a rectangular array, but got ${describeValue(labels)}.`);
    }
  }
  flat.forEach((v, i) => {
    if (!Number.isInteger(v) || v < 0) {
      throw new ValueError(`Expected \`labels\` to hold non-negative integers, but got ${describeValue(v)} at flat position ${i}.`);
    }
  });
  const maxLabel = flat.reduce((m, v) => Math.max(m, v), -1);
  let n: number;
  if (numClasses === undefined || numClasses === null) {
    if (flat.length === 0) {
      throw new ValueError('Expected `numClasses` to be given when `labels` is empty, but got undefined.');
    }
    n = maxLabel + 1;
  } else {
    if (typeof numClasses !== 'number' || !Number.isInteger(numClasses) || numClasses < 1) {
      throw new ValueError(`Expected \`numClasses\` to be a positive integer, but got ${describeValue(numClasses)}.`);
    }
    n = numClasses;
    if (maxLabel >= n) {
      throw new ValueError(`Expected every label to be < numClasses (${n}), but got ${maxLabel} at flat position ${flat.indexOf(maxLabel)}.`);
    }
  }
  if (shape.length > 1 && shape[shape.length - 1] === 1) shape = shape.slice(0, -1);
  return tf.tidy(() =>
    tf
      .oneHot(tf.tensor1d(flat, 'int32'), n)
      .toFloat()
      .reshape([...shape, n]),
  );
}

function flatten(value: unknown, depth: number, shape: number[], out: number[]): void {
  if (typeof value === 'number') {
    if (depth < shape.length) throw new ShapeError(`Expected \`labels\` to be a rectangular array, but got a number at depth ${depth}.`);
    out.push(value);
    return;
  }
  if (!Array.isArray(value)) {
    throw new ValueError(`Expected \`labels\` to hold integers, but got ${describeValue(value)}.`);
  }
  if (depth === shape.length) shape.push(value.length);
  else if (shape[depth] !== value.length) {
    throw new ShapeError(`Expected \`labels\` to be a rectangular array, but got rows of length ${shape[depth]} and ${value.length} at depth ${depth}.`);
  }
  for (const v of value) flatten(v, depth + 1, shape, out);
}
