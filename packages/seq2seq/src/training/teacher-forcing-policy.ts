import type { Rng } from '@rnn/core';
import * as tf from '@tensorflow/tfjs';
import type { Seq2Seq } from '../model/seq2seq.js';
import type { ScheduleUnit } from './teacher-forcing.js';

/**
 * One training batch as a teacher-forcing policy sees it: the id tensors and the target ids on the host.
 *
 * @example
 * ```ts
 * const b: PolicyBatch = { source: src, target: tgt, targetIds: [[6, 5, 2]] };
 * ```
 */
export interface PolicyBatch {
  /** int32 `[batch, srcLen]`. */
  source: tf.Tensor2D;
  /** int32 `[batch, tgtLen]` (ends with `<eos>`, no `<bos>`). */
  target: tf.Tensor2D;
  /** The same target ids as `target`, on the host. */
  targetIds: readonly (readonly number[])[];
}

/**
 * A batch's loss prepared by a policy: whatever must stay off the gradient tape (e.g. parallel scheduled
 * sampling's no-gradient pass) is computed already; {@link BatchLoss.loss} runs inside `tf.variableGrads`.
 *
 * @example
 * ```ts
 * const prepared = policy.prepare(model, batch, 0.8, rng);
 * try { tf.variableGrads(() => prepared.loss(), model.trainableVariables); } finally { prepared.dispose(); }
 * ```
 */
export interface BatchLoss {
  /** The masked mean token cross-entropy of the batch under the policy (a scalar; call once, inside the tape). */
  loss(): tf.Scalar;
  /** Release the tensors kept by `prepare`. Idempotent. */
  dispose(): void;
}

/**
 * How the decoder's inputs are chosen in training, as an object (one class per kind): teacher forcing,
 * parallel or sequential scheduled sampling. Made from a {@link TeacherForcing} option by
 * `createTeacherForcingPolicy`, which validates it and fills its defaults once.
 *
 * @example
 * ```ts
 * const policy = createTeacherForcingPolicy({ kind: 'scheduled', schedule: schedules.linear({ c: 0.01 }) });
 * policy.epsilon(10, 0); // 0.9
 * ```
 */
export interface TeacherForcingPolicy {
  /** Which policy this is. */
  readonly kind: 'always' | 'scheduled-parallel' | 'scheduled-sequential';
  /** What the schedule's index counts (`'step'` for `'always'`). */
  readonly per: ScheduleUnit;
  /** ε, the probability of feeding the gold token, at a global step and epoch, clamped to [0, 1] (1 for `'always'`). */
  epsilon(step: number, epoch: number): number;
  /** Prepare the batch's loss at probability `epsilon`, drawing from `rng` (dropout, sampling, mixing). */
  prepare(model: Seq2Seq, batch: PolicyBatch, epsilon: number, rng: Rng): BatchLoss;
}

/** The loss of plain teacher forcing on `decoderInput` (which the returned object owns and disposes). */
export function teacherForcedBatchLoss(model: Seq2Seq, batch: PolicyBatch, decoderInput: tf.Tensor2D, rng: Rng): BatchLoss {
  let input: tf.Tensor2D | null = decoderInput;
  return {
    loss: () => {
      const opts = { training: true, rng };
      return tf.tidy(() => model.teacherForcedLoss(model.encode(batch.source, opts), input as tf.Tensor2D, batch.target, opts));
    },
    dispose: () => {
      input?.dispose();
      input = null;
    },
  };
}
