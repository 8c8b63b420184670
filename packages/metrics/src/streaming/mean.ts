import { describeValue, ValueError } from '@rnn/core';
import { readValues, type TensorOrArray } from './read-values.js';

/**
 * A streaming (weighted) mean, e.g. of per-batch losses, that a training loop updates batch by batch.
 * It reads tensor values immediately and keeps only two numbers, so no tensor outlives `update`
 * (the caller still owns and disposes what it passes in).
 *
 * @example
 * ```ts
 * const m = new Mean();
 * m.update(2);            // a number
 * m.update([4, 6]);       // an array: each element counts once
 * m.update(tf.scalar(8), 2); // a tensor, with weight 2
 * m.result();             // (2 + 4 + 6 + 8*2) / 5 = 5.6
 * m.reset();              // back to an empty mean (result() → 0)
 * ```
 */
export class Mean {
  private total = 0;
  private count = 0;

  /**
   * Add values. Each element of `values` counts with weight `weight` (default 1).
   * @throws ValueError when `weight` is negative or not finite, or a value is not finite.
   */
  update(values: TensorOrArray, weight = 1): this {
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) {
      throw new ValueError(`Expected \`weight\` to be a finite number >= 0, but got ${describeValue(weight)}.`);
    }
    const { data } = readValues('values', values);
    for (const v of data) {
      if (!Number.isFinite(v)) throw new ValueError(`Expected \`values\` to be finite, but got ${v}.`);
      this.total += v * weight;
      this.count += weight;
    }
    return this;
  }

  /** The mean so far; `0` before any update. */
  result(): number {
    return this.count === 0 ? 0 : this.total / this.count;
  }

  /** Forget everything seen so far. */
  reset(): void {
    this.total = 0;
    this.count = 0;
  }
}
