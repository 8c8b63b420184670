import type { Rng } from '@rnn/core';
import * as tf from '@tensorflow/tfjs';
import type { CellState } from '../model/recurrent-ops.js';
import type { Seq2Seq } from '../model/seq2seq.js';
import { sequenceLoss } from '../model/sequence-loss.js';
import { chooseModelToken } from './model-token-choice.js';
import { ScheduledSamplingPolicy } from './scheduled-sampling-policy.js';
import { type BatchLoss, type PolicyBatch, type TeacherForcingPolicy, teacherForcedBatchLoss } from './teacher-forcing-policy.js';

/**
 * Sequential scheduled sampling (Bengio et al. 2015): a decoder step loop whose input at step t is the
 * gold token with probability ε, else the model's choice at t−1 (an integer picked on the host, so no
 * gradient flows through the choice). The gold inputs come from the batch's host ids. At ε ≥ 1 it is
 * teacher forcing (fused path).
 *
 * @example
 * ```ts
 * new SequentialScheduledSamplingPolicy(() => 0.5, 'sample', 'step').epsilon(0, 0); // 0.5
 * ```
 */
export class SequentialScheduledSamplingPolicy extends ScheduledSamplingPolicy implements TeacherForcingPolicy {
  readonly kind = 'scheduled-sequential' as const;

  prepare(model: Seq2Seq, batch: PolicyBatch, epsilon: number, rng: Rng): BatchLoss {
    if (epsilon >= 1) return teacherForcedBatchLoss(model, batch, model.shiftRight(batch.target), rng);
    const how = this.sampling;
    return {
      loss: () =>
        tf.tidy(() => {
          const opts = { training: true, rng };
          const enc = model.encode(batch.source, opts);
          const t = batch.target.shape[1];
          const v = model.config.targetVocabSize;
          const bos = model.config.bosId;
          let states: CellState[] = enc.states;
          let prev = tf.fill([batch.targetIds.length], bos, 'int32') as tf.Tensor1D;
          const logits: tf.Tensor2D[] = [];
          for (let j = 0; j < t; j++) {
            const r = model.decodeStep(enc, prev, states, opts);
            logits.push(r.logits);
            states = r.states;
            if (j + 1 < t) {
              const data = r.logits.dataSync() as Float32Array;
              const next = batch.targetIds.map((row, i) => (rng.next() < epsilon ? (row[j] as number) : chooseModelToken(data, i * v, v, how, rng)));
              prev = tf.tensor1d(next, 'int32');
            }
          }
          return sequenceLoss(tf.stack(logits, 1) as tf.Tensor3D, batch.target);
        }),
      dispose: () => {},
    };
  }
}
