import { checkKnownOptions, checkOneOf, describeValue, ValueError } from '@rnn/core';
import { scheduleFunction } from '../schedules/schedule-function.js';
import { AlwaysTeacherForcingPolicy } from './always-teacher-forcing-policy.js';
import { ParallelScheduledSamplingPolicy } from './parallel-scheduled-sampling-policy.js';
import { SequentialScheduledSamplingPolicy } from './sequential-scheduled-sampling-policy.js';
import type { SampledTokenChoice, ScheduledSamplingMode, ScheduleUnit, TeacherForcing } from './teacher-forcing.js';
import type { TeacherForcingPolicy } from './teacher-forcing-policy.js';

/**
 * Defaults of the optional {@link ScheduledTeacherForcing} fields.
 *
 * @example
 * ```ts
 * SCHEDULED_SAMPLING_DEFAULTS.mode; // 'parallel'
 * ```
 */
export const SCHEDULED_SAMPLING_DEFAULTS = {
  mode: 'parallel',
  sampling: 'argmax',
  per: 'step',
} as const satisfies { mode: ScheduledSamplingMode; sampling: SampledTokenChoice; per: ScheduleUnit };

const MODES: readonly ScheduledSamplingMode[] = ['parallel', 'sequential'];
const SAMPLINGS: readonly SampledTokenChoice[] = ['argmax', 'sample'];
const UNITS: readonly ScheduleUnit[] = ['step', 'epoch'];

/**
 * Validate a {@link TeacherForcing} option, fill its defaults ({@link SCHEDULED_SAMPLING_DEFAULTS}) and
 * make its policy object.
 *
 * @param option - the option as given (`TrainerArgs.teacherForcing`).
 * @param name - the option's name in error messages. Default: `'teacherForcing'`.
 * @throws ValueError naming the field: an unknown `kind`/`mode`/`sampling`/`per`, an unknown key, or a
 * `schedule` that is neither a Schedule nor a function.
 * @example
 * ```ts
 * createTeacherForcingPolicy({ kind: 'scheduled', schedule: schedules.constant(0.5), mode: 'sequential' }).kind; // 'scheduled-sequential'
 * ```
 */
export function createTeacherForcingPolicy(option: TeacherForcing, name = 'teacherForcing'): TeacherForcingPolicy {
  if (typeof option !== 'object' || option === null) {
    throw new ValueError(`Expected \`${name}\` to be { kind: 'always' } or { kind: 'scheduled', schedule, ... }, but got ${describeValue(option)}.`);
  }
  const kind = checkOneOf(`${name}.kind`, (option as { kind: unknown }).kind, ['always', 'scheduled'] as const);
  if (kind === 'always') {
    checkKnownOptions(name, option, ['kind']);
    return new AlwaysTeacherForcingPolicy();
  }
  checkKnownOptions(name, option, ['kind', 'schedule', 'mode', 'sampling', 'per']);
  const o = option as Extract<TeacherForcing, { kind: 'scheduled' }>;
  const schedule = scheduleFunction(`${name}.schedule`, o.schedule);
  const mode = checkOneOf(`${name}.mode`, o.mode ?? SCHEDULED_SAMPLING_DEFAULTS.mode, MODES);
  const sampling = checkOneOf(`${name}.sampling`, o.sampling ?? SCHEDULED_SAMPLING_DEFAULTS.sampling, SAMPLINGS);
  const per = checkOneOf(`${name}.per`, o.per ?? SCHEDULED_SAMPLING_DEFAULTS.per, UNITS);
  return mode === 'parallel' ? new ParallelScheduledSamplingPolicy(schedule, sampling, per) : new SequentialScheduledSamplingPolicy(schedule, sampling, per);
}

/**
 * ε at index i for a policy option (1 for `'always'`), clamped to [0, 1]. The index counts whatever the
 * policy's `per` says (the caller passes that count).
 *
 * @throws ValueError as {@link createTeacherForcingPolicy}.
 * @example
 * ```ts
 * teacherForcingProbability({ kind: 'scheduled', schedule: schedules.exponential(0.5) }, 2); // 0.25
 * ```
 */
export function teacherForcingProbability(policy: TeacherForcing, i: number): number {
  return createTeacherForcingPolicy(policy).epsilon(i, i);
}
