import { UsageError } from '@rnn/app-kit';
import { describeValue } from '@rnn/core';
import { type Schedule, type ScheduledSamplingMode, schedules, type TeacherForcing } from '@rnn/seq2seq';

/** `--scheduled-sampling` values (Bengio et al. 2015's three decays of ε, the probability of feeding the gold token). */
export type ScheduleFlag = 'linear' | 'exponential' | 'inverse-sigmoid';
/** Every {@link ScheduleFlag}. */
export const SCHEDULE_FLAGS: readonly ScheduleFlag[] = ['linear', 'exponential', 'inverse-sigmoid'];

/** The schedule parameters as given on the command line (undefined = the default for the run's length). */
export interface ScheduleParams {
  /** linear: start value k (default 1); exponential: base k < 1; inverse-sigmoid: k ≥ 1. */
  k?: number;
  /** linear: slope c per step (default: reach `min` at the last step). */
  c?: number;
  /** linear: floor εmin (default 0.5). */
  min?: number;
}

/** The resolved policy and how to describe it. */
export interface ResolvedTeacherForcing {
  policy: TeacherForcing;
  /** `null` for plain teacher forcing. */
  schedule: Schedule | null;
  description: string;
}

/** ε the defaults aim for at the last training step. */
export const DEFAULT_FINAL_EPSILON = 0.5;

/**
 * Build the trainer's `teacherForcing` policy from the flags. Without `kind`, plain teacher forcing. The
 * defaults scale with the run's length so ε decays from 1 to {@link DEFAULT_FINAL_EPSILON} at the last
 * step: @rnn/seq2seq's `schedules.reaching` (linear `max(0.5, 1 − c·i)` with c = 0.5/steps; exponential kⁱ
 * with k = 0.5^(1/steps); inverse sigmoid k/(k + exp(i/k)) with k·ln k = steps).
 *
 * @throws UsageError for parameters that do not fit the schedule (e.g. an exponential base ≥ 1).
 * @example
 * ```ts
 * resolveTeacherForcing('inverse-sigmoid', {}, 2250, 'parallel').description; // 'scheduled sampling (parallel), inverse sigmoid k=…'
 * ```
 */
export function resolveTeacherForcing(
  kind: ScheduleFlag | undefined,
  p: ScheduleParams,
  totalSteps: number,
  mode: ScheduledSamplingMode,
): ResolvedTeacherForcing {
  if (kind === undefined) {
    for (const [flag, v] of [
      ['--ss-k', p.k],
      ['--ss-c', p.c],
      ['--ss-min', p.min],
    ] as const) {
      if (v !== undefined) throw new UsageError(`Expected \`${flag}\` only with --scheduled-sampling, but got ${describeValue(v)} without it.`);
    }
    return { policy: { kind: 'always' }, schedule: null, description: 'teacher forcing (always the gold previous token)' };
  }
  const steps = Math.max(1, totalSteps);
  let schedule: Schedule;
  let text: string;
  if (kind === 'linear') {
    const k = p.k ?? 1;
    const min = p.min ?? DEFAULT_FINAL_EPSILON;
    if (p.c === undefined && !(k >= min))
      throw new UsageError(`Expected \`--ss-k\` (${k}) to be >= \`--ss-min\` (${min}) for the linear schedule, but it is not.`);
    schedule = p.c === undefined ? schedules.reaching('linear', { steps, final: min, start: k }) : schedules.linear({ k, c: p.c, min });
    const c = (schedule as ReturnType<typeof schedules.linear>).c;
    text = `linear ε = max(${min}, ${k} − ${c.toPrecision(3)}·step)`;
  } else if (kind === 'exponential') {
    if (p.c !== undefined || p.min !== undefined)
      throw new UsageError('Expected only `--ss-k` with --scheduled-sampling exponential (ε = k^step), but got --ss-c or --ss-min.');
    if (p.k !== undefined && !(p.k > 0 && p.k < 1))
      throw new UsageError(`Expected \`--ss-k\` to be in (0, 1) for the exponential schedule, but got ${describeValue(p.k)}.`);
    const s = p.k === undefined ? schedules.reaching('exponential', { steps, final: DEFAULT_FINAL_EPSILON }) : schedules.exponential(p.k);
    schedule = s;
    text = `exponential ε = ${s.k.toPrecision(6)}^step`;
  } else {
    if (p.c !== undefined || p.min !== undefined)
      throw new UsageError('Expected only `--ss-k` with --scheduled-sampling inverse-sigmoid (ε = k/(k+exp(step/k))), but got --ss-c or --ss-min.');
    if (p.k !== undefined && !(p.k >= 1))
      throw new UsageError(`Expected \`--ss-k\` to be >= 1 for the inverse-sigmoid schedule, but got ${describeValue(p.k)}.`);
    const s = p.k === undefined ? schedules.reaching('inverseSigmoid', { steps, final: DEFAULT_FINAL_EPSILON }) : schedules.inverseSigmoid(p.k);
    schedule = s;
    const k = s.k.toFixed(1);
    text = `inverse sigmoid ε = ${k}/(${k} + exp(step/${k}))`;
  }
  return {
    policy: { kind: 'scheduled', schedule, mode, sampling: 'argmax', per: 'step' },
    schedule,
    description: `scheduled sampling (${mode}, argmax tokens), ${text}; ε at the last step ${schedule.value(steps).toFixed(3)}`,
  };
}
