import { checkInteger, checkNumberInRange, ValueError } from '@rnn/core';
import { ExponentialSchedule } from './exponential-schedule.js';
import { InverseSigmoidSchedule } from './inverse-sigmoid-schedule.js';
import { LinearSchedule } from './linear-schedule.js';
import type { ScheduleKind } from './schedule.js';

/**
 * What {@link scheduleReaching} aims for.
 *
 * @example
 * ```ts
 * const a: ScheduleReachingArgs = { steps: 2250, final: 0.5 };
 * ```
 */
export interface ScheduleReachingArgs {
  /** The index (e.g. the last training step) at which the schedule reaches `final`. Integer ≥ 1. Required. */
  steps: number;
  /** The value at `steps`: in (0, 1) for the exponential and inverse sigmoid, any number below `start` for the linear. Default: 0.5. */
  final?: number;
  /** Linear only: the value at 0 (k), above `final`. Default: 1. */
  start?: number;
}

/**
 * Defaults of {@link ScheduleReachingArgs}.
 *
 * @example
 * ```ts
 * SCHEDULE_REACHING_DEFAULTS.final; // 0.5
 * ```
 */
export const SCHEDULE_REACHING_DEFAULTS = { final: 0.5, start: 1 } as const;

/** The decaying schedule kinds {@link scheduleReaching} can fit. */
export type DecayingScheduleKind = Exclude<ScheduleKind, 'constant'>;

/**
 * A decaying schedule whose parameters make it reach `final` at index `steps` (Bengio et al. 2015's
 * three decays, e.g. so scheduled sampling's ε falls from about 1 to 0.5 by the last training step):
 * - `'linear'`: ε(i) = max(final, start − c·i) with c = (start − final) / steps;
 * - `'exponential'`: ε(i) = kⁱ with k = final^(1/steps);
 * - `'inverseSigmoid'`: ε(i) = k / (k + exp(i/k)) with k solving k·ln(k·(1 − final)/final) = steps (k·ln k = steps
 *   for final = 0.5), found by bisection; k ≥ 1 and ε(0) > final.
 *
 * @throws ValueError for `steps` < 1, `final` outside (0, 1) (exponential, inverse sigmoid), `start` below `final`, or an
 * inverse sigmoid that cannot start above `final` with k ≥ 1 within `steps`.
 * @example
 * ```ts
 * scheduleReaching('inverseSigmoid', { steps: 2250 }).value(2250);   // 0.5
 * scheduleReaching('exponential', { steps: 100, final: 0.25 }).k;   // 0.25 ** (1 / 100)
 * ```
 */
export function scheduleReaching(kind: 'linear', args: ScheduleReachingArgs): LinearSchedule;
export function scheduleReaching(kind: 'exponential', args: ScheduleReachingArgs): ExponentialSchedule;
export function scheduleReaching(kind: 'inverseSigmoid', args: ScheduleReachingArgs): InverseSigmoidSchedule;
export function scheduleReaching(kind: DecayingScheduleKind, args: ScheduleReachingArgs): LinearSchedule | ExponentialSchedule | InverseSigmoidSchedule;
export function scheduleReaching(kind: DecayingScheduleKind, args: ScheduleReachingArgs): LinearSchedule | ExponentialSchedule | InverseSigmoidSchedule {
  const steps = checkInteger('steps', args.steps);
  const final = args.final ?? SCHEDULE_REACHING_DEFAULTS.final;
  if (kind === 'linear') checkNumberInRange('final', final, -Number.MAX_VALUE, Number.MAX_VALUE);
  else if (!(typeof final === 'number' && final > 0 && final < 1)) {
    throw new ValueError(`Expected \`final\` to be a number in (0, 1) for the ${kind} schedule, but got ${String(final)}.`);
  }
  if (kind !== 'linear' && args.start !== undefined) {
    throw new ValueError(`Expected \`start\` only for the linear schedule, but got ${args.start} for ${JSON.stringify(kind)}.`);
  }
  switch (kind) {
    case 'linear': {
      const start = checkNumberInRange('start', args.start ?? SCHEDULE_REACHING_DEFAULTS.start, final, Number.MAX_VALUE);
      return new LinearSchedule({ k: start, c: (start - final) / steps, min: final });
    }
    case 'exponential':
      return new ExponentialSchedule(final ** (1 / steps));
    case 'inverseSigmoid':
      return new InverseSigmoidSchedule(inverseSigmoidK(steps, final));
    default:
      throw new ValueError(`Expected the schedule kind to be one of "linear", "exponential", "inverseSigmoid", but got ${JSON.stringify(kind)}.`);
  }
}

/** k ≥ 1 with k / (k + exp(steps/k)) = final, i.e. k·ln(k·r) = steps with r = (1 − final)/final. */
function inverseSigmoidK(steps: number, final: number): number {
  const r = (1 - final) / final;
  // ε(0) = k/(k+1) > final needs k·r > 1; on k·r > 1, k·ln(k·r) increases from 0.
  let lo = Math.max(1, 1 / r);
  const f = (k: number) => k * Math.log(k * r) - steps;
  if (f(lo) > 0) {
    throw new ValueError(
      `Expected \`steps\` (${steps}) to be large enough for an inverse sigmoid with k >= 1 to decay to \`final\` (${final}), but it is not.`,
    );
  }
  let hi = Math.max(2 * lo, steps + 1);
  while (f(hi) < 0) hi *= 2;
  for (let it = 0; it < 200; it++) {
    const mid = (lo + hi) / 2;
    if (f(mid) < 0) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
