import type { Rng } from '@rnn/core';
import * as tf from '@tensorflow/tfjs';
import type { Seq2Seq } from '../model/seq2seq.js';
import { chooseModelToken } from './model-token-choice.js';
import { ScheduledSamplingPolicy } from './scheduled-sampling-policy.js';
import { mixDecoderInputs } from './teacher-forcing.js';
import { type BatchLoss, type PolicyBatch, type TeacherForcingPolicy, teacherForcedBatchLoss } from './teacher-forcing-policy.js';

/**
 * Parallel scheduled sampling (Duckworth et al. 2019): off the gradient tape, one teacher-forced pass
 * gives the model's token at every position; those are mixed with the gold inputs by ε
 * ({@link mixDecoderInputs}) and a teacher-forced pass on the mix is trained. Keeps the fused sequence
 * path (much faster than the sequential form). At ε ≥ 1 it is teacher forcing.
 *
 * @example
 * ```ts
 * new ParallelScheduledSamplingPolicy((i) => 1 - 0.01 * i, 'argmax', 'step').epsilon(10, 0); // 0.9
 * ```
 */
export class ParallelScheduledSamplingPolicy extends ScheduledSamplingPolicy implements TeacherForcingPolicy {
  readonly kind = 'scheduled-parallel' as const;

  prepare(model: Seq2Seq, batch: PolicyBatch, epsilon: number, rng: Rng): BatchLoss {
    const gold = model.shiftRight(batch.target);
    if (epsilon >= 1) return teacherForcedBatchLoss(model, batch, gold, rng);
    try {
      const [b, t] = batch.target.shape;
      const v = model.config.targetVocabSize;
      const how = this.sampling;
      const predicted: number[][] = tf.tidy(() => {
        const logits = model.decodeTeacherForced(model.encode(batch.source), gold).logits;
        if (how === 'argmax') return tf.argMax(logits, -1).arraySync() as number[][];
        const flat = logits.dataSync() as Float32Array;
        return Array.from({ length: b }, (_, i) => Array.from({ length: t }, (_, j) => chooseModelToken(flat, (i * t + j) * v, v, how, rng)));
      });
      const goldIds = batch.targetIds.map((row) => [model.config.bosId, ...row.slice(0, t - 1)]);
      const mixed = mixDecoderInputs(goldIds, predicted, epsilon, () => rng.next());
      return teacherForcedBatchLoss(model, batch, tf.tensor2d(mixed, [b, t], 'int32'), rng);
    } finally {
      gold.dispose();
    }
  }
}
