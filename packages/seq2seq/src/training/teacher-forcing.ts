import type { Schedule } from '../schedules/schedule.js';

/**
 * How scheduled sampling picks the model's own token: the most likely one, or a draw from its softmax.
 *
 * @example
 * ```ts
 * const s: SampledTokenChoice = 'sample';
 * ```
 */
export type SampledTokenChoice = 'argmax' | 'sample';

/**
 * How scheduled sampling runs:
 * - `'sequential'`: Bengio et al. 2015 — one decoder step at a time, each step's input is the gold
 *   previous token with probability ε, else the model's prediction from the previous step.
 * - `'parallel'`: Duckworth et al. 2019 — one teacher-forced pass (no gradient) gives the model's
 *   predictions for every position, they are mixed with the gold tokens by ε, and a second
 *   teacher-forced pass on the mix is trained. Keeps the fused sequence path (much faster).
 *
 * @example
 * ```ts
 * const m: ScheduledSamplingMode = 'parallel';
 * ```
 */
export type ScheduledSamplingMode = 'sequential' | 'parallel';

/**
 * Whether the schedule's index `i` counts optimizer steps or epochs.
 *
 * @example
 * ```ts
 * const u: ScheduleUnit = 'epoch'; // ε(epoch) instead of ε(step)
 * ```
 */
export type ScheduleUnit = 'step' | 'epoch';

/**
 * Always feed the gold previous token (plain teacher forcing).
 *
 * @example
 * ```ts
 * fit(model, pairs, { teacherForcing: { kind: 'always' } });
 * ```
 */
export interface AlwaysTeacherForcing {
  kind: 'always';
}

/**
 * Scheduled sampling (Bengio et al. 2015) with ε(i) = probability of feeding the gold token.
 *
 * @example
 * ```ts
 * const p: ScheduledTeacherForcing = { kind: 'scheduled', schedule: schedules.inverseSigmoid(100), mode: 'sequential', sampling: 'argmax', per: 'step' };
 * ```
 */
export interface ScheduledTeacherForcing {
  kind: 'scheduled';
  /** ε(i): a {@link Schedule} or a pure function of i. */
  schedule: Schedule | ((i: number) => number);
  /** Sequential or parallel form. Default: `'parallel'` (`SCHEDULED_SAMPLING_DEFAULTS`). */
  mode?: ScheduledSamplingMode;
  /** How the model's token is picked. Default: `'argmax'`. */
  sampling?: SampledTokenChoice;
  /** What `i` counts. Default: `'step'`. */
  per?: ScheduleUnit;
}

/**
 * The training policy for decoder inputs (STYLE §11): `{ kind: 'always' }` or scheduled sampling.
 * Sampled tokens are integers chosen outside the gradient tape: no gradient flows through the choice.
 *
 * @example
 * ```ts
 * const tf1: TeacherForcing = { kind: 'always' };
 * const ss: TeacherForcing = { kind: 'scheduled', schedule: schedules.inverseSigmoid(50), mode: 'parallel', sampling: 'argmax' };
 * ```
 */
export type TeacherForcing = AlwaysTeacherForcing | ScheduledTeacherForcing;

/**
 * Mix gold decoder inputs with model predictions: position 0 stays as is (`<bos>`); position t > 0
 * takes `gold[b][t]` with probability ε, else `predicted[b][t-1]` (the model's output at t−1).
 * Draws exactly one uniform number per (row, position > 0), row-major, from `rng`.
 *
 * @param gold - the teacher-forced decoder input `[batch][time]`.
 * @param predicted - the model's chosen token at each position `[batch][time]`.
 *
 * @example
 * ```ts
 * mixDecoderInputs([[1, 5, 6]], [[9, 8, 2]], 0, Math.random); // [[1, 9, 8]]
 * ```
 */
export function mixDecoderInputs(
  gold: readonly (readonly number[])[],
  predicted: readonly (readonly number[])[],
  epsilon: number,
  rng: () => number,
): number[][] {
  return gold.map((row, b) =>
    row.map((g, t) => {
      if (t === 0) return g;
      const useGold = rng() < epsilon;
      return useGold ? g : ((predicted[b] as readonly number[])[t - 1] as number);
    }),
  );
}
