import type { Rng } from '@rnn/core';
import * as tf from '@tensorflow/tfjs';
import { argMax, sampleToken } from '../decoding/token-sampler.js';
import type { CellState } from '../model/recurrent-ops.js';
import type { Seq2Seq } from '../model/seq2seq.js';
import { sequenceLoss } from '../model/sequence-loss.js';
import { mixDecoderInputs, type SampledTokenChoice, type TeacherForcing } from './teacher-forcing.js';

function choose(row: Float32Array | Int32Array | Uint8Array, offset: number, v: number, how: SampledTokenChoice, rng: Rng): number {
  if (how === 'argmax') return argMax(row, offset, v);
  // softmax of the logits slice, then a draw
  const slice = row.subarray(offset, offset + v);
  let max = -Infinity;
  for (const x of slice) max = Math.max(max, x);
  const p = Float64Array.from(slice, (x) => Math.exp(x - max));
  return sampleToken(p, rng.next());
}

/**
 * The decoder input to train on for a batch under a policy, computed **outside** the gradient tape:
 * the gold shifted target for teacher forcing (and for sequential scheduled sampling, which mixes
 * inside its own loop); for parallel scheduled sampling, a no-gradient teacher-forced pass gives the
 * model's predictions, which are mixed with the gold inputs by ε (Duckworth et al. 2019).
 *
 * @returns int32 `[batch, tgtLen]`; the caller disposes it.
 */
export function policyDecoderInput(
  model: Seq2Seq,
  source: tf.Tensor2D,
  target: tf.Tensor2D,
  policy: TeacherForcing,
  epsilon: number,
  rng: Rng,
): tf.Tensor2D {
  const gold = model.shiftRight(target);
  if (policy.kind === 'always' || (policy.mode ?? 'parallel') === 'sequential' || epsilon >= 1) return gold;
  const how = policy.sampling ?? 'argmax';
  const [b, t] = target.shape;
  const v = model.config.tgtVocabSize;
  const predicted: number[][] = tf.tidy(() => {
    const logits = model.decodeTeacherForced(model.encode(source), gold).logits;
    if (how === 'argmax') return tf.argMax(logits, -1).arraySync() as number[][];
    const flat = logits.dataSync() as Float32Array;
    return Array.from({ length: b }, (_, i) => Array.from({ length: t }, (_, j) => choose(flat, (i * t + j) * v, v, how, rng)));
  });
  const mixed = mixDecoderInputs(gold.arraySync() as number[][], predicted, epsilon, () => rng.next());
  gold.dispose();
  return tf.tensor2d(mixed, [b, t], 'int32');
}

/**
 * Training loss of one batch under a policy (call inside `tf.variableGrads`): masked mean token
 * cross-entropy of the decoder run on `decoderInput` (from {@link policyDecoderInput}), or, for
 * sequential scheduled sampling, of a step loop whose input at step t is the gold token with
 * probability ε, else the model's choice at t−1 (an integer picked on the host: no gradient through it).
 */
export function policyLoss(
  model: Seq2Seq,
  source: tf.Tensor2D,
  target: tf.Tensor2D,
  decoderInput: tf.Tensor2D,
  policy: TeacherForcing,
  epsilon: number,
  rng: Rng,
): tf.Scalar {
  return tf.tidy(() => {
    const opts = { training: true, rng };
    const enc = model.encode(source, opts);
    if (policy.kind === 'always' || (policy.mode ?? 'parallel') === 'parallel' || epsilon >= 1) {
      return model.teacherForcedLoss(enc, decoderInput, target, opts);
    }
    const how = policy.sampling ?? 'argmax';
    const gold = decoderInput.arraySync() as number[][];
    const [b, t] = decoderInput.shape;
    const v = model.config.tgtVocabSize;
    let states: CellState[] = enc.states;
    let prev = tf.tensor1d(gold.map((r) => r[0] as number), 'int32');
    const logits: tf.Tensor2D[] = [];
    for (let j = 0; j < t; j++) {
      const r = model.decodeStep(enc, prev, states, opts);
      logits.push(r.logits);
      states = r.states;
      if (j + 1 < t) {
        const data = r.logits.dataSync() as Float32Array;
        const next = gold.map((row, i) => (rng.next() < epsilon ? (row[j + 1] as number) : choose(data, i * v, v, how, rng)));
        prev = tf.tensor1d(next, 'int32');
      }
    }
    void b;
    return sequenceLoss(tf.stack(logits, 1) as tf.Tensor3D, target);
  });
}
