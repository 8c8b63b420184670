import type { Rng } from '@rnn/core';
import type { Seq2Seq } from '../model/seq2seq.js';
import { type BatchLoss, type PolicyBatch, type TeacherForcingPolicy, teacherForcedBatchLoss } from './teacher-forcing-policy.js';

/**
 * Teacher forcing: the decoder always gets the gold previous token (ε = 1), through the fused sequence path.
 *
 * @example
 * ```ts
 * const p: TeacherForcingPolicy = new AlwaysTeacherForcingPolicy();
 * p.epsilon(100, 3); // 1
 * ```
 */
export class AlwaysTeacherForcingPolicy implements TeacherForcingPolicy {
  readonly kind = 'always' as const;
  readonly per = 'step' as const;

  epsilon(): number {
    return 1;
  }

  prepare(model: Seq2Seq, batch: PolicyBatch, _epsilon: number, rng: Rng): BatchLoss {
    return teacherForcedBatchLoss(model, batch, model.shiftRight(batch.target), rng);
  }
}
