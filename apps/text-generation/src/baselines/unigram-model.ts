/**
 * Add-one (Laplace) smoothed unigram character model over a fixed vocabulary of `vocabSize` ids:
 * `p(c) = (n(c) + 1) / (N + V)`.
 *
 * @example
 * ```ts
 * const uni = new UnigramModel([4, 5, 4], 6);
 * uni.prob(4); // (2 + 1) / (3 + 6)
 * ```
 */
export class UnigramModel {
  private readonly counts: Float64Array;
  private readonly total: number;

  constructor(
    train: ArrayLike<number>,
    readonly vocabSize: number,
  ) {
    this.counts = new Float64Array(vocabSize);
    for (let i = 0; i < train.length; i++) (this.counts[train[i] as number] as number)++;
    this.total = train.length;
  }

  /** Smoothed probability of id `c`. */
  prob(c: number): number {
    return ((this.counts[c] ?? 0) + 1) / (this.total + this.vocabSize);
  }

  /** Mean cross-entropy in nats of `ids[i]` over `positions`. */
  crossEntropy(ids: ArrayLike<number>, positions: ArrayLike<number>): number {
    let s = 0;
    for (let k = 0; k < positions.length; k++) s -= Math.log(this.prob(ids[positions[k] as number] as number));
    return s / positions.length;
  }
}
