import { checkNumberInRange } from '@rnn/core';
import type { Schedule } from './schedule.js';

/**
 * Inverse-sigmoid decay (Bengio et al. 2015): ε(i) = k / (k + exp(i / k)) with k ≥ 1.
 *
 * @example
 * ```ts
 * new InverseSigmoidSchedule(10).value(0); // 10 / 11 = 0.909…
 * ```
 */
export class InverseSigmoidSchedule implements Schedule {
  readonly kind = 'inverseSigmoid' as const;
  /** @param k - ≥ 1; larger k decays later. */
  constructor(readonly k: number) {
    checkNumberInRange('k', k, 1, Number.MAX_VALUE);
  }
  /** k / (k + exp(i/k)). */
  value(i: number): number {
    return this.k / (this.k + Math.exp(i / this.k));
  }
  /** `{ kind: 'inverseSigmoid', k }`. */
  toJSON() {
    return { kind: this.kind, k: this.k };
  }
}
