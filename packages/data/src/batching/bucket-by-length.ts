import { checkInteger, checkKnownOptions, describeValue, Rng, ValueError } from '@rnn/core';
import type { BatchExample, PairBatch, Sequence, SequenceBatch, SequencePair } from './batch-types.js';
import { buildBatches, chunk, PADDED_BATCHES_KEYS, type PaddedBatchesArgs, paddedBatches, paddingFraction, resolveBatchArgs } from './padded-batches.js';
import { exampleKind, isPair } from './padding.js';

/** Options of {@link bucketByLength}: those of {@link paddedBatches} plus `boundaries`. */
export interface BucketByLengthArgs extends PaddedBatchesArgs {
  /**
   * Bucket edges, strictly increasing (as in `tf.data.experimental.bucket_by_sequence_length`): an
   * example of length `n` goes to the first bucket with `n < boundaries[i]`, or the last one, and
   * batches never mix buckets. Default: `undefined`: sort by length and cut the sorted list, which
   * gives the least padding.
   */
  boundaries?: readonly number[];
}

/**
 * Defaults of {@link BucketByLengthArgs} beyond {@link PADDED_BATCHES_DEFAULTS}.
 *
 * @example
 * ```ts
 * BUCKET_BY_LENGTH_DEFAULTS.boundaries; // undefined (sort by length)
 * ```
 */
export const BUCKET_BY_LENGTH_DEFAULTS = { boundaries: undefined } as const;

/** How much padding bucketing saved. */
export interface BucketReport {
  /** Padding fraction of the bucketed batches. */
  paddingFraction: number;
  /** Padding fraction of plain {@link paddedBatches} with the same options (same shuffle). */
  baselinePaddingFraction: number;
  /** Batches produced. */
  batches: number;
}

/** The result of {@link bucketByLength}. */
export interface BucketedBatches<B> {
  batches: B[];
  report: BucketReport;
}

/**
 * Batches of similar length, to cut padding. Examples are (optionally) shuffled with the seed,
 * stably sorted by length (for pairs: the longer side, then the source length) or put in
 * `boundaries` buckets, cut into batches, and the batch order is shuffled again when `shuffle` is on,
 * so every epoch sees different neighbours while each batch stays tight.
 *
 * @param examples - sequences or `{ source, target }` pairs, as for {@link paddedBatches}.
 * @param args - see {@link BucketByLengthArgs}.
 * @returns the batches and a {@link BucketReport} comparing the padding with plain padded batching.
 * @throws ValueError as {@link paddedBatches}, and when `boundaries` is not strictly increasing
 *   positive integers or `padTo` is `'maxLen'` (every batch would be padded to the same width).
 * @example
 * ```ts
 * // first 30,000 Tatoeba pairs as character ids
 * const { batches, report } = bucketByLength(pairs, { batchSize: 64, shuffle: true, seed: 7 });
 * report.paddingFraction;         // 0.0172
 * report.baselinePaddingFraction; // 0.3261 (plain shuffled padded batches)
 * ```
 */
export function bucketByLength(examples: readonly Sequence[], args: BucketByLengthArgs): BucketedBatches<SequenceBatch>;
export function bucketByLength(examples: readonly SequencePair[], args: BucketByLengthArgs): BucketedBatches<PairBatch>;
export function bucketByLength(examples: readonly BatchExample[], args: BucketByLengthArgs): BucketedBatches<SequenceBatch | PairBatch>;
export function bucketByLength(examples: readonly BatchExample[], args: BucketByLengthArgs): BucketedBatches<SequenceBatch | PairBatch> {
  checkKnownOptions('bucketByLength options', args, [...PADDED_BATCHES_KEYS, 'boundaries']);
  const kind = exampleKind(examples);
  const o = resolveBatchArgs(args, kind);
  if (o.source.padTo === 'maxLen') {
    throw new ValueError("Expected `padTo` to be 'longest' for bucketByLength (with 'maxLen' every batch has the same width), but got 'maxLen'.");
  }
  const boundaries = args.boundaries;
  if (boundaries !== undefined) {
    if (!Array.isArray(boundaries) || boundaries.length === 0) {
      throw new ValueError(`Expected \`boundaries\` to be a non-empty array of increasing integers, but got ${describeValue(boundaries)}.`);
    }
    boundaries.forEach((b, i) => {
      checkInteger(`boundaries[${i}]`, b);
      if (i > 0 && b <= (boundaries[i - 1] as number)) {
        throw new ValueError(`Expected \`boundaries\` to be strictly increasing, but got ${describeValue(boundaries)}.`);
      }
    });
  }
  const len = (ex: BatchExample): number => (isPair(ex) ? Math.max(ex.source.length, ex.target.length) : ex.length);
  const second = (ex: BatchExample): number => (isPair(ex) ? ex.source.length : 0);
  const rng = o.shuffle ? new Rng(o.seed as number) : undefined;
  const indices = examples.map((_, i) => i);
  const order = rng ? rng.shuffle(indices) : indices;

  let groups: number[][];
  if (boundaries === undefined) {
    // Array.prototype.sort is stable, so ties keep the (shuffled) order.
    const sorted = order.slice().sort((a, b) => {
      const ea = examples[a] as BatchExample;
      const eb = examples[b] as BatchExample;
      return len(ea) - len(eb) || second(ea) - second(eb);
    });
    groups = chunk(sorted, o.batchSize, o.dropRemainder);
  } else {
    const buckets: number[][] = Array.from({ length: boundaries.length + 1 }, () => []);
    for (const i of order) {
      const n = len(examples[i] as BatchExample);
      let b = boundaries.findIndex((edge) => n < edge);
      if (b === -1) b = boundaries.length;
      (buckets[b] as number[]).push(i);
    }
    groups = buckets.flatMap((bucket) => chunk(bucket, o.batchSize, o.dropRemainder));
  }
  if (rng) groups = rng.shuffle(groups);
  const batches = buildBatches(examples, kind, groups, o);
  const { boundaries: _ignored, ...plainArgs } = args;
  const baseline = paddedBatches(examples, plainArgs);
  return {
    batches,
    report: {
      paddingFraction: paddingFraction(batches),
      baselinePaddingFraction: paddingFraction(baseline),
      batches: batches.length,
    },
  };
}
