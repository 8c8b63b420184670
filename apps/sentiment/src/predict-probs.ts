import * as tf from '@tensorflow/tfjs';

/**
 * P(positive) of each padded id row, predicted in chunks of `batchSize` (no tensors left behind; the data is
 * read outside `tf.tidy`).
 *
 * @example
 * ```ts
 * predictProbabilities(model, encode(tok, ['Great phone!'], 64)); // [0.97…]
 * ```
 */
export function predictProbabilities(model: tf.LayersModel, rows: readonly number[][], batchSize = 256): number[] {
  const out: number[] = [];
  for (let start = 0; start < rows.length; start += batchSize) {
    const chunk = rows.slice(start, start + batchSize);
    const probs = tf.tidy(() => (model.predict(tf.tensor2d(chunk as number[][], undefined, 'int32')) as tf.Tensor).reshape([-1]));
    out.push(...(probs.dataSync() as Float32Array));
    probs.dispose();
  }
  return out;
}
