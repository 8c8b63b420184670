import { ShapeError } from '@rnn/core';
import { maskedSparseCategoricalCrossentropy } from '@rnn/metrics';
import type * as tf from '@tensorflow/tfjs';
import { checkTokenIdTensor } from './token-ids.js';

/**
 * Masked sparse categorical cross-entropy over target positions, mean per real (non-padding) token:
 * @rnn/metrics' `maskedSparseCategoricalCrossentropy` on logits, padding id 0 ignored.
 *
 * @param logits - `[batch, time, vocab]`.
 * @param labels - int32 `[batch, time]`, ids in [0, vocab); 0 = padding (ignored).
 * @throws ShapeError when the shapes do not agree; ValueError naming the position and value of a label that is not
 *   an integer in [0, vocab) (checked before any tensor is made).
 * @example
 * ```ts
 * const loss = sequenceLoss(model.logits(src, tgt), tgt); // scalar
 * ```
 */
export function sequenceLoss(logits: tf.Tensor3D, labels: tf.Tensor2D): tf.Scalar {
  const [b, t, vocab] = logits.shape;
  if (logits.rank !== 3 || labels.rank !== 2 || labels.shape[0] !== b || labels.shape[1] !== t) {
    throw new ShapeError(`Expected \`logits\` [batch, time, vocab] and \`labels\` [batch, time], but got [${logits.shape}] and [${labels.shape}].`);
  }
  checkTokenIdTensor('labels', labels, vocab as number, "the logits' vocabulary size");
  return maskedSparseCategoricalCrossentropy(labels, logits, { fromLogits: true, maskValue: 0 });
}
