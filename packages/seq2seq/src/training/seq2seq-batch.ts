import { Rng } from '@rnn/core';
import { bucketByLength } from '@rnn/data';

/**
 * One training batch: padded (with 0) source and target id rectangles. Structurally compatible with
 * @rnn/data's `PairBatch`. Targets end with `<eos>` and carry **no** `<bos>` (the model prepends it).
 *
 * @example
 * ```ts
 * const b: Seq2SeqBatch = { source: { values: [[5, 6, 0]] }, target: { values: [[6, 5, 2]] } };
 * ```
 */
export interface Seq2SeqBatch {
  source: { values: readonly (readonly number[])[] };
  target: { values: readonly (readonly number[])[] };
}

/**
 * A source/target pair of id sequences (target ends with `<eos>`, no `<bos>`).
 *
 * @example
 * ```ts
 * const p: Seq2SeqPair = { source: [5, 6, 7], target: [7, 6, 5, 2] };
 * ```
 */
export interface Seq2SeqPair {
  source: readonly number[];
  target: readonly number[];
}

/**
 * Where training batches come from:
 * - pairs (`Seq2SeqPair[]`): batched by the trainer every epoch with @rnn/data `bucketByLength`
 *   (shuffled with a seed derived from the trainer seed and the epoch, so a resumed run sees the same batches);
 * - a fixed array of batches (used in order every epoch);
 * - a function of the epoch returning the epoch's batches (must be deterministic for `resume`).
 *
 * @example
 * ```ts
 * fit(model, (epoch) => batchesOfEpoch(epoch)); // or pairs, or an array of batches
 * ```
 */
export type Seq2SeqBatchSource = readonly Seq2SeqPair[] | readonly Seq2SeqBatch[] | ((epoch: number) => Iterable<Seq2SeqBatch>);

function isPairArray(x: readonly (Seq2SeqPair | Seq2SeqBatch)[]): x is readonly Seq2SeqPair[] {
  const first = x[0] as { source?: unknown } | undefined;
  return first !== undefined && Array.isArray(first.source);
}

/** The batches of `epoch` from a {@link Seq2SeqBatchSource}. */
export function epochBatches(source: Seq2SeqBatchSource, epoch: number, batchSize: number, shuffle: boolean, seed: number): Seq2SeqBatch[] {
  if (typeof source === 'function') return Array.from(source(epoch));
  if (source.length === 0) return [];
  if (isPairArray(source)) {
    const epochSeed = new Rng(seed * 7919 + epoch * 104729 + 1).seed();
    return bucketByLength(
      source.map((p) => ({ source: p.source, target: p.target })),
      { batchSize, shuffle, seed: shuffle ? epochSeed : undefined },
    ).batches;
  }
  return (source as readonly Seq2SeqBatch[]).slice();
}

/** Number of real (non-padding) target tokens in a batch. */
export function targetTokenCount(batch: Seq2SeqBatch): number {
  let n = 0;
  for (const row of batch.target.values) for (const v of row) if (v !== 0) n++;
  return n;
}
