import { checkNumberInRange } from '@rnn/core';
import type { Schedule } from './schedule.js';

/**
 * Parameters of {@link LinearSchedule}.
 *
 * @example
 * ```ts
 * new LinearSchedule({ k: 1, c: 0.001, min: 0.1 });
 * ```
 */
export interface LinearScheduleArgs {
  /** Value at i = 0. Default: 1. */
  k?: number;
  /** Decrease per step. Required, ≥ 0. */
  c: number;
  /** Floor εmin. Default: 0. */
  min?: number;
}

/**
 * Linear decay (Bengio et al. 2015): ε(i) = max(εmin, k − c·i).
 *
 * @example
 * ```ts
 * new LinearSchedule({ k: 1, c: 0.1, min: 0.2 }).value(3); // 0.7
 * ```
 */
export class LinearSchedule implements Schedule {
  readonly kind = 'linear' as const;
  /** k. */
  readonly k: number;
  /** c. */
  readonly c: number;
  /** εmin. */
  readonly min: number;
  constructor(args: LinearScheduleArgs) {
    this.k = checkNumberInRange('k', args.k ?? 1, -Number.MAX_VALUE, Number.MAX_VALUE);
    this.c = checkNumberInRange('c', args.c, 0, Number.MAX_VALUE);
    this.min = checkNumberInRange('min', args.min ?? 0, -Number.MAX_VALUE, Number.MAX_VALUE);
  }
  /** max(min, k − c·i). */
  value(i: number): number {
    return Math.max(this.min, this.k - this.c * i);
  }
  /** `{ kind: 'linear', k, c, min }`. */
  toJSON() {
    return { kind: this.kind, k: this.k, c: this.c, min: this.min };
  }
}
