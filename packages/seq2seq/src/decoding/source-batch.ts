import { ShapeError } from '@rnn/core';
import * as tf from '@tensorflow/tfjs';
import { checkTokenIdRows, checkTokenIdTensor } from '../model/token-ids.js';

/**
 * A batch of source sequences: ragged id arrays (padded here with 0 at the end) or an int32 `[batch, srcLen]` tensor.
 *
 * @example
 * ```ts
 * greedy(model, [[5, 6], [7, 8, 9]]); // ragged, padded with 0 internally
 * ```
 */
export type SourceBatch = readonly (readonly number[])[] | tf.Tensor2D;

/**
 * Check every id of `source` is an integer in [0, sourceVocabSize) (reads a tensor's data; creates no tensor).
 *
 * @throws ShapeError for a tensor that is not rank 2 or an empty batch; ValueError naming a bad id's position.
 */
export function checkSourceBatch(source: SourceBatch, sourceVocabSize: number): void {
  const vocabName = "the model's sourceVocabSize";
  if (source instanceof tf.Tensor) {
    if (source.rank !== 2) throw new ShapeError(`Expected \`source\` of rank 2 [batch, srcLen], but got shape [${source.shape}].`);
    checkTokenIdTensor('source', source, sourceVocabSize, vocabName);
    return;
  }
  checkTokenIdRows('source', source, sourceVocabSize, vocabName);
  if (source.length === 0) throw new ShapeError('Expected `source` to hold at least one sequence, but got an empty batch.');
}

/** An int32 `[batch, srcLen]` tensor of `source`, checked by {@link checkSourceBatch} first (the caller disposes it when `owned`). */
export function sourceTensor(source: SourceBatch, sourceVocabSize: number): { tensor: tf.Tensor2D; owned: boolean } {
  checkSourceBatch(source, sourceVocabSize);
  if (source instanceof tf.Tensor) return { tensor: source, owned: false };
  const len = Math.max(1, ...source.map((s) => s.length));
  const data = new Int32Array(source.length * len);
  source.forEach((s, i) => {
    data.set(s, i * len);
  });
  return { tensor: tf.tensor2d(data, [source.length, len], 'int32'), owned: true };
}
