import { describeValue, ShapeError, ValueError } from '@rnn/core';
import type * as tf from '@tensorflow/tfjs';

function badId(name: string, at: string, vocabSize: number, vocabName: string, value: unknown): ValueError {
  return new ValueError(
    `Expected every id in \`${name}\` to be an integer in [0, ${vocabSize}) (${vocabName}), but \`${name}${at}\` is ${describeValue(value)}.`,
  );
}

function isTokenId(v: unknown, vocabSize: number): boolean {
  return Number.isInteger(v) && (v as number) >= 0 && (v as number) < vocabSize;
}

/**
 * Check that `ids` is an array of integers in [0, vocabSize), before any tensor is made from it: an id out of
 * range would otherwise fail deep in a `GatherV2` kernel (and leak), a fraction or NaN be truncated silently by an
 * `Int32Array` (2.7 → 2, NaN → 0).
 *
 * @param name - the argument as the message names it, e.g. `data[3].source`.
 * @param vocabName - the vocabulary the ids index, e.g. `the model's sourceVocabSize`.
 * @throws ValueError naming the argument, the position and the value.
 * @example
 * ```ts
 * checkTokenIds('data[0].source', [5, 2.7], 11, 'sourceVocabSize');
 * // throws: Expected every id in `data[0].source` to be an integer in [0, 11) (sourceVocabSize), but `data[0].source[1]` is 2.7.
 * ```
 */
export function checkTokenIds(name: string, ids: unknown, vocabSize: number, vocabName: string): void {
  if (!Array.isArray(ids) && !ArrayBuffer.isView(ids)) {
    throw new ValueError(`Expected \`${name}\` to be an array of token ids, but got ${describeValue(ids)}.`);
  }
  const list = ids as ArrayLike<unknown>;
  for (let j = 0; j < list.length; j++) if (!isTokenId(list[j], vocabSize)) throw badId(name, `[${j}]`, vocabSize, vocabName, list[j]);
}

/**
 * Check a batch of id arrays (ragged): every row as {@link checkTokenIds}.
 *
 * @throws ValueError naming the argument, the position and the value.
 * @example
 * ```ts
 * checkTokenIdRows('source', [[5, 6], [7, 11]], 11, 'sourceVocabSize');
 * // throws: Expected every id in `source` to be an integer in [0, 11) (sourceVocabSize), but `source[1][1]` is 11.
 * ```
 */
export function checkTokenIdRows(name: string, rows: unknown, vocabSize: number, vocabName: string): void {
  if (!Array.isArray(rows)) throw new ValueError(`Expected \`${name}\` to be an array of token-id arrays, but got ${describeValue(rows)}.`);
  rows.forEach((row: unknown, i) => {
    if (!Array.isArray(row) && !ArrayBuffer.isView(row)) {
      throw new ValueError(`Expected \`${name}[${i}]\` to be an array of token ids, but got ${describeValue(row)}.`);
    }
    const list = row as ArrayLike<unknown>;
    for (let j = 0; j < list.length; j++) if (!isTokenId(list[j], vocabSize)) throw badId(name, `[${i}][${j}]`, vocabSize, vocabName, list[j]);
  });
}

/**
 * Check the ids held by a rank-2 tensor (read with `dataSync`; no tensor is created).
 *
 * @throws ShapeError when the tensor is not rank 2; ValueError naming the position and value of a bad id.
 * @example
 * ```ts
 * checkTokenIdTensor('labels', tf.tensor2d([[1, 12]], undefined, 'int32'), 12, 'the logits\' last dimension');
 * // throws: ... but `labels[0][1]` is 12.
 * ```
 */
export function checkTokenIdTensor(name: string, ids: tf.Tensor, vocabSize: number, vocabName: string): void {
  if (ids.rank !== 2) throw new ShapeError(`Expected \`${name}\` of rank 2 [batch, time], but got shape [${ids.shape}].`);
  const cols = ids.shape[1] as number;
  const data = ids.dataSync();
  for (let k = 0; k < data.length; k++) {
    if (!isTokenId(data[k], vocabSize)) throw badId(name, `[${Math.floor(k / cols)}][${k % cols}]`, vocabSize, vocabName, data[k]);
  }
}
