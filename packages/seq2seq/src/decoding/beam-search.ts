import { checkInteger, checkKnownOptions, checkNumberInRange } from '@rnn/core';
import * as tf from '@tensorflow/tfjs';
import type { CellState } from '../model/recurrent-ops.js';
import type { EncoderOutput, Seq2Seq } from '../model/seq2seq.js';
import { tidyValue } from '../model/tidy-value.js';
import { DECODE_DEFAULTS, DECODE_OPTIONS, type DecodeArgs, type DecodeResult } from './decode-result.js';
import { gnmtLengthPenalty } from './length-penalty.js';
import { releaseDecode } from './release-decode.js';
import { type SourceBatch, sourceTensor } from './source-batch.js';
import { suppressionBias } from './suppress-tokens.js';

/**
 * Options of {@link beamSearch}.
 *
 * @example
 * ```ts
 * beamSearch(model, [[5, 6, 7]], { beamWidth: 8, lengthPenalty: 0.6, maxLength: 30 });
 * ```
 */
export interface BeamSearchArgs extends DecodeArgs {
  /** Number of hypotheses kept per source sequence. Default: 4. */
  beamWidth?: number;
  /** GNMT length-penalty exponent α (ranking by logP / ((5+|Y|)/6)^α). Default: 0 (raw log-probability). */
  lengthPenalty?: number;
}

/**
 * Defaults of {@link BeamSearchArgs}.
 *
 * @example
 * ```ts
 * BEAM_SEARCH_DEFAULTS.beamWidth; // 4
 * ```
 */
export const BEAM_SEARCH_DEFAULTS = { beamWidth: 4, lengthPenalty: 0, maxLength: DECODE_DEFAULTS.maxLength } as const;

/** The option names of {@link beamSearch} (unknown ones are rejected). */
export const BEAM_SEARCH_OPTIONS = [...DECODE_OPTIONS, 'beamWidth', 'lengthPenalty'] as const;

interface Hyp {
  tokens: number[];
  logProb: number;
  attention: number[][];
}

/**
 * Batched beam search with the GNMT length penalty. Every source keeps `beamWidth` live hypotheses;
 * at each step the best `2·beamWidth` extensions are ranked, those ending in `<eos>` (within the top
 * `beamWidth`) are finished, the others continue. A source is done once it has `beamWidth` finished
 * hypotheses (or at `maxLength`, when the live ones join the pool). The best by `logP / lp(Y)` wins.
 * With `beamWidth: 1` this is exactly greedy decoding.
 *
 * @param model - a trained {@link Seq2Seq}.
 * @param source - ragged source id arrays or an int32 `[batch, srcLen]` tensor; ids are integers in [0, sourceVocabSize).
 * @returns a {@link DecodeResult}; `scores` are the length-normalised scores.
 * @throws ValueError for an unknown or invalid option or a source id that is not an integer in [0, sourceVocabSize)
 *   (nothing is allocated then).
 * @example
 * ```ts
 * const r = beamSearch(model, [[5, 6, 7]], { beamWidth: 5, lengthPenalty: 0.6 });
 * r.tokens[0]; // the best hypothesis
 * ```
 */
export function beamSearch(model: Seq2Seq, source: SourceBatch, options: BeamSearchArgs = {}): DecodeResult {
  checkKnownOptions('BeamSearchArgs', options, BEAM_SEARCH_OPTIONS);
  const K = checkInteger('beamWidth', options.beamWidth ?? BEAM_SEARCH_DEFAULTS.beamWidth);
  const alpha = checkNumberInRange('lengthPenalty', options.lengthPenalty ?? BEAM_SEARCH_DEFAULTS.lengthPenalty, 0, 10);
  const maxLen = checkInteger('maxLength', options.maxLength ?? BEAM_SEARCH_DEFAULTS.maxLength);
  const { eosId, bosId, targetVocabSize: V, sourceVocabSize } = model.config;
  const withAttention = model.config.attention !== 'none';
  const score = (h: Hyp, ended: boolean) => h.logProb / gnmtLengthPenalty(h.tokens.length + (ended ? 1 : 0), alpha);
  // Everything made below is released in `finally`, also when a check or the model throws.
  let suppress: tf.Tensor2D | null = null;
  let src: { tensor: tf.Tensor2D; owned: boolean } | null = null;
  let enc: EncoderOutput | null = null;
  let states: CellState[] = [];
  let prev: tf.Tensor1D | null = null;
  let B = 0;
  let live: Hyp[] = [];
  let done: Hyp[][] = [];
  let isDone: boolean[] = [];
  try {
    suppress = suppressionBias(options.suppressTokens, V, eosId);
    src = sourceTensor(source, sourceVocabSize);
    const srcTensor = src.tensor;
    B = srcTensor.shape[0];
    const tile = Array.from({ length: B * K }, (_, i) => Math.floor(i / K));
    const e: EncoderOutput = tidyValue(() => {
      const x = model.encode(srcTensor);
      const idx = tf.tensor1d(tile, 'int32');
      const memory = tf.gather(x.memory, idx) as tf.Tensor3D;
      return {
        memory,
        keys: x.keys === null ? null : x.keys === x.memory ? memory : (tf.gather(x.keys, idx) as tf.Tensor3D),
        maskBias: tf.gather(x.maskBias, idx) as tf.Tensor3D,
        states: x.states.map((st) => st.map((p) => tf.gather(p, idx) as tf.Tensor2D)),
      };
    });
    enc = e;
    const bias = suppress;
    // Live hypotheses per (b, k); only beam 0 is live at the start.
    live = Array.from({ length: B * K }, (_, i) => ({ tokens: [], logProb: i % K === 0 ? 0 : -Infinity, attention: [] }));
    done = Array.from({ length: B }, () => []);
    isDone = new Array<boolean>(B).fill(false);
    states = e.states;
    prev = tf.fill([B * K], bosId, 'int32');
    for (let t = 0; t < maxLen && isDone.some((d) => !d); t++) {
      const input: tf.Tensor1D = prev;
      const current = states;
      const beamLogProbs = live.map((h) => h.logProb);
      const step = tidyValue(() => {
        const beamLp = tf.tensor2d(beamLogProbs, [B * K, 1]);
        const r = model.decodeStep(e, input, current);
        const logits = bias ? tf.add(r.logits, bias) : r.logits;
        const total = tf.reshape(tf.add(tf.logSoftmax(logits), beamLp), [B, K * V]);
        const top = tf.topk(total, Math.min(2 * K, K * V));
        return { states: r.states, values: top.values.dataSync(), indices: top.indices.dataSync(), att: r.attention?.arraySync() ?? null };
      });
      const width = step.values.length / B;
      const next: Hyp[] = [];
      const origin: number[] = [];
      const nextTok: number[] = [];
      for (let b = 0; b < B; b++) {
        const picked: Hyp[] = [];
        if (!isDone[b]) {
          for (let j = 0; j < width && picked.length < K; j++) {
            const lp = step.values[b * width + j] as number;
            if (lp === -Infinity) break;
            const flat = step.indices[b * width + j] as number;
            const k = Math.floor(flat / V);
            const tok = flat % V;
            const parent = live[b * K + k] as Hyp;
            const att = step.att ? [...parent.attention, step.att[b * K + k] as number[]] : parent.attention;
            if (tok === eosId) {
              if (j < K) done[b]?.push({ tokens: parent.tokens, logProb: lp, attention: att });
            } else {
              picked.push({ tokens: [...parent.tokens, tok], logProb: lp, attention: att });
              origin.push(b * K + k);
              nextTok.push(tok);
            }
          }
          if ((done[b] as Hyp[]).length >= K) isDone[b] = true;
        }
        while (picked.length < K) {
          picked.push({ tokens: [], logProb: -Infinity, attention: [] });
          origin.push(b * K);
          nextTok.push(eosId);
        }
        next.push(...picked);
      }
      live = next;
      const originT = tf.tensor1d(origin, 'int32');
      const reordered = tf.tidy(() => step.states.map((st) => st.map((p) => tf.gather(p, originT) as tf.Tensor2D)));
      originT.dispose();
      tf.dispose(step.states.flat());
      if (states !== e.states) tf.dispose(states.flat());
      states = reordered;
      prev.dispose();
      prev = tf.tensor1d(nextTok, 'int32');
    }
  } finally {
    releaseDecode({ enc, states, prev, suppress, src });
  }
  const result: DecodeResult = { tokens: [], logProbs: [], scores: [], finished: [], attention: withAttention ? [] : null };
  for (let b = 0; b < B; b++) {
    const pool = (done[b] as Hyp[]).map((h) => ({ h, ended: true, s: score(h, true) }));
    if (!isDone[b]) {
      for (let k = 0; k < K; k++) {
        const h = live[b * K + k] as Hyp;
        if (h.logProb > -Infinity) pool.push({ h, ended: false, s: score(h, false) });
      }
    }
    pool.sort((a, c) => c.s - a.s);
    const best = pool[0] as { h: Hyp; ended: boolean; s: number };
    result.tokens.push(best.h.tokens);
    result.logProbs.push(best.h.logProb);
    result.scores.push(best.s);
    result.finished.push(best.ended);
    result.attention?.push(best.h.attention);
  }
  return result;
}
