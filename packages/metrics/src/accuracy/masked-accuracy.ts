import { checkKnownOptions, describeValue, ValueError } from '@rnn/core';
import * as tf from '@tensorflow/tfjs';
import { flattenWithShape, labelsAndPredictions, maskedCounts, type NestedNumbers } from './label-arrays.js';

/** Options of {@link maskedAccuracy}.
 * @example
 * ```ts
 * maskedAccuracy(yTrue, yPred, { maskValue: -1 }); // -1 marks padding
 * ```
 */
export interface MaskedAccuracyArgs {
  /** The label value that marks padding; positions whose LABEL equals it are not counted. Default: `0`. */
  maskValue?: number;
}

/** Defaults of {@link MaskedAccuracyArgs}.
 * @example
 * ```ts
 * MASKED_ACCURACY_DEFAULTS.maskValue; // 0
 * ```
 */
export const MASKED_ACCURACY_DEFAULTS = { maskValue: 0 } as const;

function resolveMaskValue(args: MaskedAccuracyArgs | undefined): number {
  checkKnownOptions('maskedAccuracy options', args, ['maskValue']);
  const m = args?.maskValue ?? MASKED_ACCURACY_DEFAULTS.maskValue;
  if (typeof m !== 'number' || !Number.isFinite(m)) {
    throw new ValueError(`Expected \`maskValue\` to be a finite number, but got ${describeValue(m)}.`);
  }
  return m;
}

function maskedAccuracyTensor(yTrue: tf.Tensor, yPred: tf.Tensor, maskValue: number): tf.Scalar {
  return tf.tidy(() => {
    const classes = yPred.shape[yPred.shape.length - 1]!;
    if (yPred.rank < 2) {
      throw new ValueError(`Expected \`yPred\` to have rank >= 2 ([..., classes]), but got shape [${yPred.shape.join(',')}].`);
    }
    let labels: tf.Tensor;
    let valid: tf.Tensor;
    const outer = yPred.shape.slice(0, -1);
    if (yTrue.rank === yPred.rank && yTrue.shape[yTrue.rank - 1] === classes && classes !== 1) {
      // One-hot labels: the label is the argmax; an all-zero row is padding.
      labels = tf.argMax(yTrue, -1);
      valid = tf.logicalAnd(tf.notEqual(labels, tf.scalar(maskValue, 'int32')), tf.greater(tf.sum(tf.abs(yTrue), -1), 0));
    } else {
      const sparse = yTrue.rank === yPred.rank ? tf.squeeze(yTrue, [yTrue.rank - 1]) : yTrue;
      if (sparse.shape.join(',') !== outer.join(',')) {
        throw new ValueError(
          `Expected \`yTrue\` to be sparse labels [${outer.join(',')}] or one-hot [${yPred.shape.join(',')}], but got shape [${yTrue.shape.join(',')}].`,
        );
      }
      labels = tf.cast(sparse, 'int32');
      valid = tf.notEqual(sparse, tf.scalar(maskValue, sparse.dtype));
    }
    const hits = tf.logicalAnd(tf.equal(tf.argMax(yPred, -1), labels), valid);
    const total = tf.sum(tf.cast(valid, 'float32'));
    return tf.div(tf.sum(tf.cast(hits, 'float32')), tf.maximum(total, 1)) as tf.Scalar;
  });
}

/**
 * Accuracy over the positions whose LABEL is not padding (`maskValue`), for sequence tagging and
 * seq2seq outputs.
 *
 * Shapes: `yPred` is `[batch, time, classes]` (any rank ≥ 2 works: `[..., classes]`); `yTrue` is sparse
 * `[batch, time]` (or `[batch, time, 1]`) or one-hot `[batch, time, classes]` (label = argmax; an all-zero
 * row counts as padding too). The prediction is `argmax(yPred)`. With tensors it returns a scalar
 * float32 tensor (use it inside `model.compile` via {@link maskedAccuracyMetric}); with arrays a number.
 * When every position is masked the result is `0` (nothing was predicted correctly).
 *
 * @param yTrue - labels, sparse or one-hot.
 * @param yPred - scores, probabilities or logits, `[..., classes]`.
 * @param args - `maskValue` (default `0`).
 * @throws ValueError / ShapeError when the shapes do not pair up or `maskValue` is not a number.
 *
 * @remarks
 * Why mask on the label: padding positions are not part of the task, so they must not be scored at
 * all. A popular Keras POS-tagging tutorial instead drops only the positions where the label AND the
 * prediction are both padding (or, in its `ignore_class_accuracy`, where the prediction is padding).
 * Then a padded position the model tags as a real class is counted as an error (deflating the score),
 * and a real token the model predicts as padding is dropped (inflating it). Example, label `[3, 1, 0, 0]`,
 * predicted `[3, 2, 2, 0]`: label masking gives 1/2 = 0.5; "both padding" masking gives 1/3 ≈ 0.333.
 *
 * @example
 * ```ts
 * maskedAccuracy([[1, 2, 0]], [[[0, 1, 0], [0, 0.2, 0.8], [1, 0, 0]]]); // 1 (two real tokens, both right)
 * const acc = maskedAccuracy(tf.tensor2d([[1, 2, 0]]), tf.tensor3d([[[0, 1, 0], [0, 1, 0], [1, 0, 0]]])); // Scalar 0.5
 * ```
 */
export function maskedAccuracy(yTrue: tf.Tensor, yPred: tf.Tensor, args?: MaskedAccuracyArgs): tf.Scalar;
export function maskedAccuracy(yTrue: NestedNumbers, yPred: NestedNumbers, args?: MaskedAccuracyArgs): number;
export function maskedAccuracy(yTrue: tf.Tensor | NestedNumbers, yPred: tf.Tensor | NestedNumbers, args?: MaskedAccuracyArgs): tf.Scalar | number {
  const maskValue = resolveMaskValue(args);
  if (yTrue instanceof tf.Tensor && yPred instanceof tf.Tensor) return maskedAccuracyTensor(yTrue, yPred, maskValue);
  if (yTrue instanceof tf.Tensor || yPred instanceof tf.Tensor) {
    throw new ValueError('Expected `yTrue` and `yPred` to be both tensors or both arrays, but got one of each.');
  }
  const { labels, predicted } = labelsAndPredictions(flattenWithShape('yTrue', yTrue), flattenWithShape('yPred', yPred));
  const { correct, total } = maskedCounts(labels, predicted, maskValue);
  return total === 0 ? 0 : correct / total;
}

/** A tfjs metric function: `(yTrue, yPred) => Scalar` whose `name` tfjs-layers reads for logs/history.
 * @example
 * ```ts
 * const metrics: TfMetricFn[] = [maskedAccuracyMetric()];
 * ```
 */
export type TfMetricFn = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;

/**
 * {@link maskedAccuracy} as a function for `model.compile({ metrics: [...] })`. tfjs-layers names a
 * custom metric by the function's `name` (`getLossOrMetricName` → `fn.name`), so the returned function's
 * `name` is fixed to `'maskedAccuracy'` (minification-proof); logs show `maskedAccuracy` / `val_maskedAccuracy`.
 *
 * @remarks tfjs averages a metric over batches weighted by batch size, not by the number of unmasked
 * tokens, so the epoch value can differ slightly from {@link maskedAccuracy} on the whole set; use the
 * streaming {@link SparseCategoricalAccuracy} with `maskValue` for the exact figure.
 *
 * @example
 * ```ts
 * model.compile({ optimizer: 'adam', loss: maskedSparseCategoricalCrossentropyLoss(), metrics: [maskedAccuracyMetric()] });
 * // history.history.maskedAccuracy → number[]
 * ```
 */
export function maskedAccuracyMetric(args?: MaskedAccuracyArgs): TfMetricFn {
  const maskValue = resolveMaskValue(args);
  const fn: TfMetricFn = (yTrue, yPred) => maskedAccuracyTensor(yTrue, yPred, maskValue);
  Object.defineProperty(fn, 'name', { value: 'maskedAccuracy' });
  return fn;
}
