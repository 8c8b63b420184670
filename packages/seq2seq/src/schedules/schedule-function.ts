import { describeValue, ValueError } from '@rnn/core';
import type { Schedule } from './schedule.js';

/**
 * A schedule as a plain function of the index: a {@link Schedule}'s `value`, or the function itself.
 * Anything else (e.g. a plain object such as `{ kind: 'linear', c: 0.01 }`) is rejected.
 *
 * @param name - the option's name for the error message, e.g. `'teacherForcing.schedule'`.
 * @throws ValueError naming the option when `schedule` is neither a Schedule nor a function.
 * @example
 * ```ts
 * scheduleFunction('learningRateSchedule', schedules.exponential(0.5))(2); // 0.25
 * ```
 */
export function scheduleFunction(name: string, schedule: unknown): (i: number) => number {
  if (typeof schedule === 'function') return schedule as (i: number) => number;
  if (typeof schedule === 'object' && schedule !== null && typeof (schedule as Schedule).value === 'function') {
    const s = schedule as Schedule;
    return (i) => s.value(i);
  }
  throw new ValueError(
    `Expected \`${name}\` to be a Schedule (e.g. schedules.linear({ c: 0.01 })) or a function of the step, but got ${describeValue(schedule)}.`,
  );
}
