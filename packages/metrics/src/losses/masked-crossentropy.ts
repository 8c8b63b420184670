import { checkKnownOptions, describeValue, ValueError } from '@rnn/core';
import * as tf from '@tensorflow/tfjs';

/** Options of {@link maskedSparseCategoricalCrossentropy}.
 * @example
 * ```ts
 * maskedSparseCategoricalCrossentropy(yTrue, logits, { fromLogits: true, maskValue: 0 });
 * ```
 */
export interface MaskedCrossentropyArgs {
  /** `yPred` holds logits (log-softmax is applied) rather than probabilities. Default: `false` (Keras' default). */
  fromLogits?: boolean;
  /** The label value that marks padding; those positions add nothing to the loss or the count. Default: `0`. */
  maskValue?: number;
}

/** Defaults of {@link MaskedCrossentropyArgs}.
 * @example
 * ```ts
 * MASKED_CROSSENTROPY_DEFAULTS.fromLogits; // false
 * ```
 */
export const MASKED_CROSSENTROPY_DEFAULTS = { fromLogits: false, maskValue: 0 } as const;

/** Keras' `epsilon()`, the clip applied to probabilities before the log. */
const EPSILON = 1e-7;

function resolve(args: MaskedCrossentropyArgs | undefined): { fromLogits: boolean; maskValue: number } {
  checkKnownOptions('maskedSparseCategoricalCrossentropy options', args, ['fromLogits', 'maskValue']);
  const fromLogits = args?.fromLogits ?? MASKED_CROSSENTROPY_DEFAULTS.fromLogits;
  const maskValue = args?.maskValue ?? MASKED_CROSSENTROPY_DEFAULTS.maskValue;
  if (typeof fromLogits !== 'boolean') throw new ValueError(`Expected \`fromLogits\` to be a boolean, but got ${describeValue(fromLogits)}.`);
  if (typeof maskValue !== 'number' || !Number.isFinite(maskValue)) {
    throw new ValueError(`Expected \`maskValue\` to be a finite number, but got ${describeValue(maskValue)}.`);
  }
  return { fromLogits, maskValue };
}

function lossTensor(yTrue: tf.Tensor, yPred: tf.Tensor, fromLogits: boolean, maskValue: number): tf.Scalar {
  return tf.tidy(() => {
    const classes = yPred.shape[yPred.shape.length - 1]!;
    const outer = yPred.shape.slice(0, -1);
    let labels: tf.Tensor;
    let valid: tf.Tensor;
    if (yTrue.rank === yPred.rank && yTrue.shape[yTrue.rank - 1] === classes && classes !== 1) {
      // One-hot targets (what tfjs-layers' fit() demands for a custom loss): label = argmax, all-zero rows are padding.
      labels = tf.argMax(yTrue, -1);
      valid = tf.logicalAnd(tf.notEqual(labels, tf.scalar(maskValue, 'int32')), tf.greater(tf.sum(tf.abs(yTrue), -1), 0));
    } else {
      labels = yTrue.rank === yPred.rank ? tf.squeeze(yTrue, [yTrue.rank - 1]) : yTrue;
      if (labels.shape.join(',') !== outer.join(',')) {
        throw new ValueError(
          `Expected \`yTrue\` to be sparse labels [${outer.join(',')}] or one-hot [${yPred.shape.join(',')}] for \`yPred\` [${yPred.shape.join(',')}], but got shape [${yTrue.shape.join(',')}].`,
        );
      }
      valid = tf.notEqual(labels, tf.scalar(maskValue, labels.dtype));
    }
    const logProbs = fromLogits ? tf.logSoftmax(yPred, -1) : tf.log(tf.clipByValue(tf.div(yPred, tf.sum(yPred, -1, true)), EPSILON, 1 - EPSILON));
    const oneHot = tf.oneHot(tf.cast(labels, 'int32'), classes);
    const nll = tf.neg(tf.sum(tf.mul(oneHot, logProbs), -1));
    const weights = tf.cast(valid, 'float32');
    return tf.div(tf.sum(tf.mul(nll, weights)), tf.maximum(tf.sum(weights), 1)) as tf.Scalar;
  });
}

/**
 * Sparse categorical cross-entropy averaged over the positions whose label is not `maskValue` only
 * (padding neither adds loss nor dilutes the mean). Differentiable, for `model.compile` via
 * {@link maskedSparseCategoricalCrossentropyLoss} or custom training loops.
 *
 * Shapes: `yTrue` `[batch, time]` (or `[batch, time, 1]`) integer labels, or one-hot `[batch, time, classes]`
 * (label = argmax; an all-zero row is padding too); `logitsOrProbs` `[batch, time, classes]`. Inside
 * `model.fit`, tfjs-layers only lets its OWN sparse loss take sparse targets — for any custom loss it
 * checks that targets have the output's full shape — so pass one-hot targets there.
 * When every position is masked the result is `0` (sum 0 over max(count, 1)), never NaN, so an all-padding
 * batch yields zero gradients instead of poisoning the weights.
 *
 * @param yTrue - sparse integer labels (any numeric dtype) or one-hot labels.
 * @param logitsOrProbs - logits when `fromLogits`, else probabilities (renormalised and clipped to [1e-7, 1−1e-7] like Keras).
 * @param args - `fromLogits` (default `false`), `maskValue` (default `0`).
 * @returns a scalar float32 tensor, in nats.
 * @throws ValueError on mismatched shapes or bad options.
 *
 * @example
 * ```ts
 * const loss = maskedSparseCategoricalCrossentropy(tf.tensor2d([[1, 0]]), tf.tensor3d([[[0, 2], [5, 0]]]), { fromLogits: true });
 * // Scalar ≈ 0.126928 (only the first position counts: -log softmax([0, 2])[1])
 * ```
 */
export function maskedSparseCategoricalCrossentropy(yTrue: tf.Tensor, logitsOrProbs: tf.Tensor, args?: MaskedCrossentropyArgs): tf.Scalar {
  const { fromLogits, maskValue } = resolve(args);
  return lossTensor(yTrue, logitsOrProbs, fromLogits, maskValue);
}

/**
 * {@link maskedSparseCategoricalCrossentropy} bound to its options, for `model.compile({ loss })`; the
 * function's `name` is fixed to `'maskedSparseCategoricalCrossentropy'`.
 *
 * @example
 * ```ts
 * model.compile({ optimizer: 'adam', loss: maskedSparseCategoricalCrossentropyLoss({ fromLogits: true }) });
 * ```
 */
export function maskedSparseCategoricalCrossentropyLoss(args?: MaskedCrossentropyArgs): (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar {
  const { fromLogits, maskValue } = resolve(args);
  const fn = (yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar => lossTensor(yTrue, yPred, fromLogits, maskValue);
  Object.defineProperty(fn, 'name', { value: 'maskedSparseCategoricalCrossentropy' });
  return fn;
}
