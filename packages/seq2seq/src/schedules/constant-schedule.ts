import { checkNumberInRange } from '@rnn/core';
import type { Schedule } from './schedule.js';

/**
 * ε(i) = `value` for every i.
 *
 * @example
 * ```ts
 * new ConstantSchedule(0.75).value(1000); // 0.75
 * ```
 */
export class ConstantSchedule implements Schedule {
  readonly kind = 'constant' as const;
  /** @param constant - the value, finite. */
  constructor(readonly constant: number) {
    checkNumberInRange('value', constant, -Number.MAX_VALUE, Number.MAX_VALUE);
  }
  /** The constant. */
  value(_i: number): number {
    return this.constant;
  }
  /** `{ kind: 'constant', value }`. */
  toJSON() {
    return { kind: this.kind, value: this.constant };
  }
}
