import { checkNumberInRange } from '@rnn/core';
import type { Schedule } from './schedule.js';

/**
 * Exponential decay (Bengio et al. 2015): ε(i) = kⁱ with 0 < k ≤ 1 (k < 1 for a decay).
 *
 * @example
 * ```ts
 * new ExponentialSchedule(0.9).value(2); // 0.81
 * ```
 */
export class ExponentialSchedule implements Schedule {
  readonly kind = 'exponential' as const;
  /** @param k - base in (0, 1]. */
  constructor(readonly k: number) {
    checkNumberInRange('k', k, Number.MIN_VALUE, 1);
  }
  /** kⁱ. */
  value(i: number): number {
    return this.k ** i;
  }
  /** `{ kind: 'exponential', k }`. */
  toJSON() {
    return { kind: this.kind, k: this.k };
  }
}
