import { describeValue, ValueError } from '@rnn/core';
import { checkTokenIdRows, checkTokenIds } from '../model/token-ids.js';
import type { Seq2SeqBatch, Seq2SeqBatchSource } from './seq2seq-batch.js';

/** The vocabulary sizes the ids are checked against (a model's config has them). */
interface VocabSizes {
  sourceVocabSize: number;
  targetVocabSize: number;
}

const SRC = "the model's sourceVocabSize";
const TGT = "the model's targetVocabSize";

function checkBatch(name: string, batch: unknown, sizes: VocabSizes): void {
  const b = batch as Partial<Seq2SeqBatch> | null;
  if (b === null || typeof b !== 'object' || typeof b.source !== 'object' || typeof b.target !== 'object') {
    throw new ValueError(
      `Expected \`${name}\` to be a { source, target } pair of id arrays or a batch { source: { values }, target: { values } }, but got ${describeValue(batch)}.`,
    );
  }
  checkTokenIdRows(`${name}.source.values`, b.source?.values, sizes.sourceVocabSize, SRC);
  checkTokenIdRows(`${name}.target.values`, b.target?.values, sizes.targetVocabSize, TGT);
}

/**
 * Check training or evaluation data before any tensor is made: a non-empty array of pairs or batches whose every
 * source id is an integer in [0, sourceVocabSize) and every target id one in [0, targetVocabSize). A function of the
 * epoch is checked per epoch by {@link checkEpochBatches}.
 *
 * @param name - the argument as messages name it (`data`, `validationData`).
 * @throws ValueError naming the argument, the pair or batch, the position and the value.
 * @example
 * ```ts
 * checkTrainingData([{ source: [5, 6], target: [6, 5, 11] }], model.config, 'data');
 * // throws: Expected every id in `data[0].target` to be an integer in [0, 11) (the model's targetVocabSize), but `data[0].target[2]` is 11.
 * ```
 */
export function checkTrainingData(data: Seq2SeqBatchSource, sizes: VocabSizes, name: string): void {
  if (typeof data === 'function') return;
  if (!Array.isArray(data)) {
    throw new ValueError(`Expected \`${name}\` to be an array of pairs or batches, or a function of the epoch, but got ${describeValue(data)}.`);
  }
  if (data.length === 0) throw new ValueError(`Expected \`${name}\` to hold at least one pair or batch, but it is empty.`);
  data.forEach((item: unknown, i) => {
    const p = item as { source?: unknown; target?: unknown } | null;
    if (p !== null && typeof p === 'object' && Array.isArray(p.source)) {
      checkTokenIds(`${name}[${i}].source`, p.source, sizes.sourceVocabSize, SRC);
      checkTokenIds(`${name}[${i}].target`, p.target, sizes.targetVocabSize, TGT);
    } else {
      checkBatch(`${name}[${i}]`, item, sizes);
    }
  });
}

/**
 * Check the batches a data function returned for one epoch, as {@link checkTrainingData} does for arrays.
 *
 * @throws ValueError when there is no batch, or naming the batch, the position and the value of a bad id.
 * @example
 * ```ts
 * checkEpochBatches(Array.from(batchesOfEpoch(3)), model.config, 'data', 3);
 * ```
 */
export function checkEpochBatches(batches: readonly Seq2SeqBatch[], sizes: VocabSizes, name: string, epoch: number): void {
  if (batches.length === 0) throw new ValueError(`Expected \`${name}(${epoch})\` to yield at least one batch, but it yielded none.`);
  batches.forEach((b, i) => {
    checkBatch(`${name}(${epoch})[${i}]`, b, sizes);
  });
}
