import { checkInteger } from '@rnn/core';
import * as tf from '@tensorflow/tfjs';
import type { CellState } from '../model/recurrent-ops.js';
import type { EncoderOutput, Seq2Seq } from '../model/seq2seq.js';
import { tidyValue } from '../model/tidy-value.js';
import { DECODE_DEFAULTS, type DecodeArgs, type DecodeResult } from './decode-result.js';
import { releaseDecode } from './release-decode.js';
import { type SourceBatch, sourceTensor } from './source-batch.js';
import { suppressionBias } from './suppress-tokens.js';

/** Picks the next token of every row from log-probabilities `[batch, vocab]`; runs inside `tf.tidy`. */
export type TokenChooser = (logProbs: tf.Tensor2D) => { ids: ArrayLike<number>; logProbs: ArrayLike<number> };

/**
 * Shared loop of greedy decoding and sampling: encode once, then one decoder step per token
 * (no gradient tape, one `tf.tidy` per step), until every sequence produced `<eos>` or `maxLength`.
 */
export function stepwiseDecode(model: Seq2Seq, source: SourceBatch, options: DecodeArgs, choose: TokenChooser): DecodeResult {
  const maxLen = checkInteger('maxLength', options.maxLength ?? DECODE_DEFAULTS.maxLength);
  const { eosId, bosId, targetVocabSize, sourceVocabSize } = model.config;
  // Everything made below is released in `finally`, also when a check or the model throws.
  let suppress: tf.Tensor2D | null = null;
  let src: { tensor: tf.Tensor2D; owned: boolean } | null = null;
  let enc: EncoderOutput | null = null;
  let states: CellState[] = [];
  let prev: tf.Tensor1D | null = null;
  try {
    suppress = suppressionBias(options.suppressTokens, targetVocabSize, eosId);
    src = sourceTensor(source, sourceVocabSize);
    const batch = src.tensor.shape[0];
    const srcTensor = src.tensor;
    const e: EncoderOutput = tidyValue(() => model.encode(srcTensor));
    enc = e;
    const bias = suppress;
    const withAttention = model.config.attention !== 'none';
    const tokens: number[][] = Array.from({ length: batch }, () => []);
    const logProbs = new Array<number>(batch).fill(0);
    const finished = new Array<boolean>(batch).fill(false);
    const attention: number[][][] | null = withAttention ? Array.from({ length: batch }, () => []) : null;
    states = e.states;
    prev = tf.fill([batch], bosId, 'int32');
    for (let t = 0; t < maxLen && finished.some((f) => !f); t++) {
      const input: tf.Tensor1D = prev;
      const current = states;
      const step = tidyValue(() => {
        const r = model.decodeStep(e, input, current);
        const logits = bias ? tf.add(r.logits, bias) : r.logits;
        const chosen = choose(tf.logSoftmax(logits) as tf.Tensor2D);
        const next = tf.tensor1d(Array.from(chosen.ids), 'int32');
        return { next, states: r.states, chosen, att: r.attention ? r.attention.arraySync() : null };
      });
      if (states !== e.states) tf.dispose(states.flat());
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
    return { tokens, logProbs, scores: logProbs.slice(), finished, attention };
  } finally {
    releaseDecode({ enc, states, prev, suppress, src });
  }
}
