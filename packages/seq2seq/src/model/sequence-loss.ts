import * as tf from '@tensorflow/tfjs';

/**
 * Masked sparse categorical cross-entropy over target positions, mean per real (non-padding) token.
 * TEMPORARY local version until @rnn/metrics exports `maskedSparseCategoricalCrossentropy`.
 *
 * @param logits - `[batch, time, vocab]`.
 * @param labels - int32 `[batch, time]`, 0 = padding (ignored).
 */
export function sequenceLoss(logits: tf.Tensor3D, labels: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const [b, t, v] = logits.shape;
    const flat = tf.reshape(logits, [b * t, v]);
    const lab = tf.reshape(labels, [b * t]);
    const nll = tf.neg(tf.sum(tf.mul(tf.oneHot(tf.cast(lab, 'int32'), v), tf.logSoftmax(flat)), -1));
    const mask = tf.cast(tf.notEqual(lab, 0), 'float32');
    return tf.div(tf.sum(tf.mul(nll, mask)), tf.maximum(tf.sum(mask), 1)) as tf.Scalar;
  });
}
