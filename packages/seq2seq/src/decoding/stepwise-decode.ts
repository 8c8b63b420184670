import { checkInteger } from '@rnn/core';
import * as tf from '@tensorflow/tfjs';
import type { CellState } from '../model/recurrent-ops.js';
import type { Seq2Seq } from '../model/seq2seq.js';
import { tidyValue } from '../model/tidy-value.js';
import { DECODE_DEFAULTS, type DecodeOptions, type DecodeResult } from './decode-result.js';
import { type SourceBatch, sourceTensor } from './source-batch.js';
import { suppressionBias } from './suppress-tokens.js';

/** Picks the next token of every row from log-probabilities `[batch, vocab]`; runs inside `tf.tidy`. */
export type TokenChooser = (logProbs: tf.Tensor2D) => { ids: ArrayLike<number>; logProbs: ArrayLike<number> };

/**
 * Shared loop of greedy decoding and sampling: encode once, then one decoder step per token
 * (no gradient tape, one `tf.tidy` per step), until every sequence produced `<eos>` or `maxLength`.
 */
export function stepwiseDecode(model: Seq2Seq, source: SourceBatch, options: DecodeOptions, choose: TokenChooser): DecodeResult {
  const maxLen = checkInteger('maxLength', options.maxLength ?? DECODE_DEFAULTS.maxLength);
  const { eosId, bosId, tgtVocabSize } = model.config;
  const suppress = suppressionBias(options.suppressTokens, tgtVocabSize, eosId);
  const src = sourceTensor(source);
  const batch = src.tensor.shape[0];
  const enc = tidyValue(() => model.encode(src.tensor));
  const withAttention = model.config.attention !== 'none';
  const tokens: number[][] = Array.from({ length: batch }, () => []);
  const logProbs = new Array<number>(batch).fill(0);
  const finished = new Array<boolean>(batch).fill(false);
  const attention: number[][][] | null = withAttention ? Array.from({ length: batch }, () => []) : null;
  let states: CellState[] = enc.states;
  let prev: tf.Tensor1D = tf.fill([batch], bosId, 'int32');
  try {
    for (let t = 0; t < maxLen && finished.some((f) => !f); t++) {
      const step = tidyValue(() => {
        const r = model.decodeStep(enc, prev, states);
        const logits = suppress ? tf.add(r.logits, suppress) : r.logits;
        const chosen = choose(tf.logSoftmax(logits) as tf.Tensor2D);
        const next = tf.tensor1d(Array.from(chosen.ids), 'int32');
        return { next, states: r.states, chosen, att: r.attention ? r.attention.arraySync() : null };
      });
      if (states !== enc.states) tf.dispose(states.flat());
      tf.dispose(prev);
      states = step.states;
      prev = step.next;
      for (let b = 0; b < batch; b++) {
        if (finished[b]) continue;
        const id = step.chosen.ids[b] as number;
        logProbs[b] = (logProbs[b] as number) + (step.chosen.logProbs[b] as number);
        if (attention && step.att) (attention[b] as number[][]).push(step.att[b] as number[]);
        if (id === eosId) finished[b] = true;
        else (tokens[b] as number[]).push(id);
      }
    }
  } finally {
    if (states !== enc.states) tf.dispose(states.flat());
    tf.dispose([prev, enc.memory, enc.maskBias, ...enc.states.flat()]);
    suppress?.dispose();
    if (enc.keys && enc.keys !== enc.memory) enc.keys.dispose();
    if (src.owned) src.tensor.dispose();
  }
  return { tokens, logProbs, scores: logProbs.slice(), finished, attention };
}
