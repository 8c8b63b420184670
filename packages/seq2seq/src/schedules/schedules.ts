import { ConstantSchedule } from './constant-schedule.js';
import { ExponentialSchedule } from './exponential-schedule.js';
import { InverseSigmoidSchedule } from './inverse-sigmoid-schedule.js';
import { LinearSchedule, type LinearScheduleArgs } from './linear-schedule.js';
import { scheduleReaching } from './schedule-reaching.js';

/**
 * Factories for the built-in {@link Schedule}s (Bengio et al. 2015), for scheduled sampling's ε(i)
 * and for learning-rate multipliers.
 *
 * @example
 * ```ts
 * schedules.constant(0.5).value(7);                        // 0.5
 * schedules.linear({ k: 1, c: 0.001, min: 0.25 }).value(500); // 0.5
 * schedules.exponential(0.99).value(100);                  // 0.366…
 * schedules.inverseSigmoid(20).value(60);                  // 0.499…
 * schedules.reaching('linear', { steps: 1000 }).value(1000); // 0.5
 * ```
 */
export const schedules = {
  /** ε(i) = value. */
  constant: (value: number) => new ConstantSchedule(value),
  /** ε(i) = max(min, k − c·i). */
  linear: (args: LinearScheduleArgs) => new LinearSchedule(args),
  /** ε(i) = kⁱ. */
  exponential: (k: number) => new ExponentialSchedule(k),
  /** ε(i) = k / (k + exp(i/k)). */
  inverseSigmoid: (k: number) => new InverseSigmoidSchedule(k),
  /** The decaying schedule whose parameters reach `final` (default 0.5) at index `steps`: see {@link scheduleReaching}. */
  reaching: scheduleReaching,
} as const;
