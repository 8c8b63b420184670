import type { SampledTokenChoice, ScheduleUnit } from './teacher-forcing.js';

/**
 * What both scheduled-sampling policies share: ε(i) from a schedule (clamped to [0, 1]), what i counts,
 * and how the model's own token is picked.
 */
export abstract class ScheduledSamplingPolicy {
  /**
   * @param schedule - ε(i).
   * @param sampling - how the model's token is picked.
   * @param per - what i counts.
   */
  constructor(
    readonly schedule: (i: number) => number,
    readonly sampling: SampledTokenChoice,
    readonly per: ScheduleUnit,
  ) {}

  epsilon(step: number, epoch: number): number {
    return Math.min(1, Math.max(0, this.schedule(this.per === 'epoch' ? epoch : step)));
  }
}
