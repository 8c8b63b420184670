import { UnigramModel } from './unigram-model.js';

/**
 * Interpolation weights of {@link TrigramModel}.
 *
 * @example
 * ```ts
 * const lambdas: TrigramLambdas = { bigram: 0.9, trigram: 0.8 };
 * ```
 */
export interface TrigramLambdas {
  /** Weight of the maximum-likelihood bigram against the unigram. */
  bigram: number;
  /** Weight of the maximum-likelihood trigram against the interpolated bigram. */
  trigram: number;
}

/**
 * The grid {@link TrigramModel.tune} searches for each λ.
 *
 * @example
 * ```ts
 * TRIGRAM_LAMBDA_GRID.length; // 12 (144 pairs)
 * ```
 */
export const TRIGRAM_LAMBDA_GRID = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.98] as const;

/**
 * Interpolated (Jelinek–Mercer) trigram character model, recursive form:
 * ```
 * p1(c)      = add-one unigram
 * p2(c|b)    = λ2·n(bc)/n(b·)  + (1−λ2)·p1(c)       (p1(c) when b was never seen)
 * p3(c|a,b)  = λ3·n(abc)/n(ab·) + (1−λ3)·p2(c|b)    (p2(c|b) when ab was never seen)
 * ```
 * Every probability is > 0, so cross-entropy is finite on any text over the vocabulary.
 *
 * @example
 * ```ts
 * const lambdas = TrigramModel.tune(trainIds, vocabSize);   // λ chosen on the last 10% of the training ids
 * const tri = new TrigramModel(trainIds, vocabSize, lambdas);
 * tri.crossEntropy(allIds, heldOutPositions);               // nats per character
 * ```
 */
export class TrigramModel {
  private readonly uni: UnigramModel;
  private readonly c1 = new Map<number, number>();
  private readonly c2 = new Map<number, number>();
  private readonly c3 = new Map<number, number>();
  private readonly ctx2 = new Map<number, number>();

  constructor(
    train: ArrayLike<number>,
    readonly vocabSize: number,
    readonly lambdas: TrigramLambdas,
  ) {
    this.uni = new UnigramModel(train, vocabSize);
    const V = vocabSize;
    const inc = (m: Map<number, number>, k: number) => m.set(k, (m.get(k) ?? 0) + 1);
    for (let i = 0; i < train.length; i++) {
      const c = train[i] as number;
      if (i + 1 < train.length) inc(this.c1, c); // n(b·): b followed by something
      if (i >= 1) {
        const b = train[i - 1] as number;
        inc(this.c2, b * V + c);
        if (i + 1 < train.length) inc(this.ctx2, b * V + c); // n(ab·)
      }
      if (i >= 2) inc(this.c3, ((train[i - 2] as number) * V + (train[i - 1] as number)) * V + c);
    }
  }

  /** p(c | a, b); `a`/`b` may be -1 at the start of the text. */
  prob(a: number, b: number, c: number, lambdas: TrigramLambdas = this.lambdas): number {
    const V = this.vocabSize;
    let p = this.uni.prob(c);
    if (b >= 0) {
      const nb = this.c1.get(b) ?? 0;
      if (nb > 0) p = lambdas.bigram * ((this.c2.get(b * V + c) ?? 0) / nb) + (1 - lambdas.bigram) * p;
      if (a >= 0) {
        const nab = this.ctx2.get(a * V + b) ?? 0;
        if (nab > 0) p = lambdas.trigram * ((this.c3.get((a * V + b) * V + c) ?? 0) / nab) + (1 - lambdas.trigram) * p;
      }
    }
    return p;
  }

  /** Mean cross-entropy in nats of `ids[i]` given `ids[i-2], ids[i-1]`, over `positions`. */
  crossEntropy(ids: ArrayLike<number>, positions: ArrayLike<number>, lambdas: TrigramLambdas = this.lambdas): number {
    let s = 0;
    for (let k = 0; k < positions.length; k++) {
      const i = positions[k] as number;
      s -= Math.log(this.prob(i >= 2 ? (ids[i - 2] as number) : -1, i >= 1 ? (ids[i - 1] as number) : -1, ids[i] as number, lambdas));
    }
    return s / positions.length;
  }

  /**
   * Choose λ2 and λ3 on the training ids only: counts from the first 90%, grid search
   * ({@link TRIGRAM_LAMBDA_GRID}) for the lowest cross-entropy on the last 10%.
   */
  static tune(train: ArrayLike<number>, vocabSize: number): TrigramLambdas {
    const cut = Math.floor(train.length * 0.9);
    const fitPart = Array.prototype.slice.call(train, 0, cut) as number[];
    const positions = Array.from({ length: train.length - cut }, (_, k) => cut + k);
    let best: TrigramLambdas = { bigram: 0.5, trigram: 0.5 };
    let bestCe = Number.POSITIVE_INFINITY;
    const model = new TrigramModel(fitPart, vocabSize, best);
    for (const bigram of TRIGRAM_LAMBDA_GRID) {
      for (const trigram of TRIGRAM_LAMBDA_GRID) {
        const ce = model.crossEntropy(train, positions, { bigram, trigram });
        if (ce < bestCe) {
          bestCe = ce;
          best = { bigram, trigram };
        }
      }
    }
    return best;
  }
}
