import { checkKnownOptions, describeValue, ValueError } from '@rnn/core';
import { labelsAndPredictions, maskedCounts } from '../accuracy/label-arrays.js';
import { readValues, type TensorOrArray } from './read-values.js';

/** Options of {@link SparseCategoricalAccuracy}.
 * @example
 * ```ts
 * new SparseCategoricalAccuracy({ maskValue: 0 }); // skip padding labels
 * ```
 */
export interface SparseCategoricalAccuracyArgs {
  /** Label value to leave out (padding), or `null` to count every position. Default: `null`. */
  maskValue?: number | null;
}

/** Defaults of {@link SparseCategoricalAccuracyArgs}.
 * @example
 * ```ts
 * SPARSE_CATEGORICAL_ACCURACY_DEFAULTS.maskValue; // null (count everything)
 * ```
 */
export const SPARSE_CATEGORICAL_ACCURACY_DEFAULTS = { maskValue: null } as const;

/**
 * Streaming accuracy of `argmax(yPred)` against sparse (or one-hot) labels, accumulated over batches as
 * exact counts — so the epoch figure is correct token-weighted accuracy, unlike averaging per-batch
 * accuracies. Tensors are read at `update` and never kept.
 *
 * @example
 * ```ts
 * const acc = new SparseCategoricalAccuracy({ maskValue: 0 });
 * acc.update([[1, 2, 0]], [[[0, 1, 0], [0, 1, 0], [1, 0, 0]]]); // 1 of 2 real tokens right
 * acc.update(tf.tensor2d([[2, 0, 0]]), tf.tensor3d([[[0, 0, 1], [1, 0, 0], [1, 0, 0]]])); // 1 of 1
 * acc.result(); // 2/3
 * ```
 */
export class SparseCategoricalAccuracy {
  private correct = 0;
  private total = 0;
  private readonly maskValue: number | null;

  constructor(args?: SparseCategoricalAccuracyArgs) {
    checkKnownOptions('SparseCategoricalAccuracy options', args, ['maskValue']);
    const m = args?.maskValue ?? SPARSE_CATEGORICAL_ACCURACY_DEFAULTS.maskValue;
    if (m !== null && (typeof m !== 'number' || !Number.isFinite(m))) {
      throw new ValueError(`Expected \`maskValue\` to be a finite number or null, but got ${describeValue(m)}.`);
    }
    this.maskValue = m;
  }

  /** Add a batch: `yTrue` `[batch, time]` labels (or one-hot), `yPred` `[batch, time, classes]` (any `[..., classes]`). */
  update(yTrue: TensorOrArray, yPred: TensorOrArray): this {
    const { labels, predicted } = labelsAndPredictions(readValues('yTrue', yTrue), readValues('yPred', yPred));
    const c = maskedCounts(labels, predicted, this.maskValue);
    this.correct += c.correct;
    this.total += c.total;
    return this;
  }

  /** Accuracy so far in [0, 1]; `0` before any counted position. */
  result(): number {
    return this.total === 0 ? 0 : this.correct / this.total;
  }

  /** Counted positions so far. */
  get count(): number {
    return this.total;
  }

  /** Forget everything seen so far. */
  reset(): void {
    this.correct = 0;
    this.total = 0;
  }
}
