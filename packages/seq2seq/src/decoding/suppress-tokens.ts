import { describeValue, ValueError } from '@rnn/core';
import * as tf from '@tensorflow/tfjs';

/**
 * A `[1, vocabSize]` bias that is −∞ at the suppressed ids and 0 elsewhere, to add to decoder logits;
 * `null` when nothing is suppressed. Checks every id is a vocabulary index other than `<eos>`.
 */
export function suppressionBias(ids: readonly number[] | undefined, vocabSize: number, eosId: number): tf.Tensor2D | null {
  if (ids === undefined || ids.length === 0) return null;
  if (!Array.isArray(ids)) throw new ValueError(`Expected \`suppressTokens\` to be an array of token ids, but got ${describeValue(ids)}.`);
  const bias = new Float32Array(vocabSize);
  for (const id of ids) {
    if (!Number.isInteger(id) || id < 0 || id >= vocabSize) {
      throw new ValueError(`Expected every \`suppressTokens\` id to be an integer in [0, ${vocabSize}), but got ${describeValue(id)}.`);
    }
    if (id === eosId) throw new ValueError(`\`suppressTokens\` may not contain the <eos> id ${eosId}: decoding could never stop.`);
    bias[id] = Number.NEGATIVE_INFINITY;
  }
  return tf.tensor2d(bias, [1, vocabSize]);
}
