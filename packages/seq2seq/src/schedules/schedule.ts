/**
 * Names of the built-in schedules.
 *
 * @example
 * ```ts
 * schedules.exponential(0.99).kind; // 'exponential'
 * ```
 */
export type ScheduleKind = 'constant' | 'linear' | 'exponential' | 'inverseSigmoid';

/**
 * A pure function of the step (or epoch) index `i ≥ 0`: the teacher-forcing probability ε(i) of
 * scheduled sampling, or a learning-rate multiplier.
 *
 * @example
 * ```ts
 * const s: Schedule = schedules.inverseSigmoid(10);
 * s.value(0); // 0.909…
 * ```
 */
export interface Schedule {
  /** Which schedule this is. */
  readonly kind: ScheduleKind;
  /** The value at step `i`. */
  value(i: number): number;
  /** A JSON description (`{ kind, ...parameters }`), for logs and checkpoints. */
  toJSON(): { kind: ScheduleKind; [parameter: string]: number | string };
}
