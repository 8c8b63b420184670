import { maskedSparseCategoricalCrossentropy } from '@rnn/metrics';
import type * as tf from '@tensorflow/tfjs';

/**
 * Masked sparse categorical cross-entropy over target positions, mean per real (non-padding) token:
 * @rnn/metrics' `maskedSparseCategoricalCrossentropy` on logits, padding id 0 ignored.
 *
 * @param logits - `[batch, time, vocab]`.
 * @param labels - int32 `[batch, time]`, 0 = padding (ignored).
 * @example
 * ```ts
 * const loss = sequenceLoss(model.logits(src, tgt), tgt); // scalar
 * ```
 */
export function sequenceLoss(logits: tf.Tensor3D, labels: tf.Tensor2D): tf.Scalar {
  return maskedSparseCategoricalCrossentropy(labels, logits, { fromLogits: true, maskValue: 0 });
}
