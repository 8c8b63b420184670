import { checkInteger, checkKnownOptions, checkOneOf, describeValue, Rng, ValueError } from '@rnn/core';
import type { BatchExample, PaddingSide, PadTo, PairBatch, Sequence, SequenceBatch, SequencePair, TruncatingMode } from './batch-types.js';
import { exampleKind, type PadArgs, padRows } from './padding.js';

/** Options of {@link paddedBatches}. */
export interface PaddedBatchesArgs {
  /** Rows per batch, an integer ≥ 1. Required. */
  batchSize: number;
  /** The id written into padding cells (usually the `<pad>` id). Default: `0`. */
  padValue?: number;
  /**
   * The longest allowed sequence (for pairs, a number for both sides or `{ source, target }`). Longer
   * ones follow `truncating`. Default: `undefined` (no limit).
   */
  maxLen?: number | { source?: number; target?: number };
  /** Batch width: the longest row (`longest`) or exactly `maxLen` (`maxLen`, needs `maxLen`). Default: `'longest'`. */
  padTo?: PadTo;
  /** Padding after (`post`) or before (`pre`) the tokens. Default: `'post'` (Keras `padSequences` uses `'pre'`). */
  padding?: PaddingSide;
  /** Sequences longer than `maxLen`: `'error'`, or cut at the start (`'pre'`) / end (`'post'`). Default: `'error'`. */
  truncating?: TruncatingMode;
  /** Shuffle the examples (seeded) before batching. Default: `false` (input order). */
  shuffle?: boolean;
  /** The shuffle's seed; required when `shuffle` is true (use a new one per epoch). Default: `undefined`. */
  seed?: number;
  /** Drop the last batch when it has fewer than `batchSize` rows. Default: `false`. */
  dropRemainder?: boolean;
}

/**
 * Defaults of {@link PaddedBatchesArgs}.
 *
 * @example
 * ```ts
 * PADDED_BATCHES_DEFAULTS.padding; // 'post'
 * ```
 */
export const PADDED_BATCHES_DEFAULTS = {
  padValue: 0,
  maxLen: undefined,
  padTo: 'longest',
  padding: 'post',
  truncating: 'error',
  shuffle: false,
  seed: undefined,
  dropRemainder: false,
} as const;

export const PADDED_BATCHES_KEYS = ['batchSize', 'padValue', 'maxLen', 'padTo', 'padding', 'truncating', 'shuffle', 'seed', 'dropRemainder'] as const;

/** Validated options, internal. */
export interface ResolvedBatchArgs {
  batchSize: number;
  shuffle: boolean;
  seed: number | undefined;
  dropRemainder: boolean;
  source: PadArgs;
  target: PadArgs;
}

/** Validate {@link PaddedBatchesArgs}; internal (shared with bucketByLength). */
export function resolveBatchArgs(args: PaddedBatchesArgs, kind: 'sequence' | 'pair'): ResolvedBatchArgs {
  if (args == null || typeof args !== 'object') {
    throw new ValueError(`Expected batching options with a \`batchSize\`, but got ${describeValue(args)}.`);
  }
  const batchSize = checkInteger('batchSize', args.batchSize);
  const padValue = args.padValue ?? PADDED_BATCHES_DEFAULTS.padValue;
  if (typeof padValue !== 'number' || !Number.isFinite(padValue)) {
    throw new ValueError(`Expected \`padValue\` to be a finite number, but got ${describeValue(padValue)}.`);
  }
  const padTo = checkOneOf('padTo', args.padTo ?? PADDED_BATCHES_DEFAULTS.padTo, ['longest', 'maxLen'] as const);
  const padding = checkOneOf('padding', args.padding ?? PADDED_BATCHES_DEFAULTS.padding, ['pre', 'post'] as const);
  const truncating = checkOneOf('truncating', args.truncating ?? PADDED_BATCHES_DEFAULTS.truncating, ['error', 'pre', 'post'] as const);
  const shuffle = args.shuffle ?? PADDED_BATCHES_DEFAULTS.shuffle;
  if (shuffle && args.seed === undefined) {
    throw new ValueError('Expected `seed` (an integer) when `shuffle` is true, but got undefined; pass a new seed per epoch.');
  }
  if (args.seed !== undefined) checkInteger('seed', args.seed, Number.MIN_SAFE_INTEGER);
  const m = args.maxLen;
  let srcMax: number | undefined;
  let tgtMax: number | undefined;
  if (typeof m === 'number' || m === undefined) {
    srcMax = m === undefined ? undefined : checkInteger('maxLen', m);
    tgtMax = srcMax;
  } else if (kind === 'pair' && typeof m === 'object' && m !== null) {
    srcMax = m.source === undefined ? undefined : checkInteger('maxLen.source', m.source);
    tgtMax = m.target === undefined ? undefined : checkInteger('maxLen.target', m.target);
  } else {
    throw new ValueError(`Expected \`maxLen\` to be a positive integer${kind === 'pair' ? ' or { source, target }' : ''}, but got ${describeValue(m)}.`);
  }
  if (padTo === 'maxLen' && (srcMax === undefined || (kind === 'pair' && tgtMax === undefined))) {
    throw new ValueError("Expected `maxLen` (for every side) when `padTo` is 'maxLen', but it is missing.");
  }
  const base = { padValue, padTo, padding, truncating };
  return {
    batchSize,
    shuffle,
    seed: args.seed,
    dropRemainder: args.dropRemainder ?? PADDED_BATCHES_DEFAULTS.dropRemainder,
    source: { ...base, maxLen: srcMax },
    target: { ...base, maxLen: tgtMax },
  };
}

/** Cut `order` into batches of example indices; internal. */
export function chunk(order: readonly number[], batchSize: number, dropRemainder: boolean): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < order.length; i += batchSize) {
    const rows = order.slice(i, i + batchSize);
    if (rows.length < batchSize && dropRemainder) break;
    out.push(rows);
  }
  return out;
}

/** Build the padded batch for each list of example indices; internal. */
export function buildBatches(
  examples: readonly BatchExample[],
  kind: 'sequence' | 'pair',
  groups: readonly number[][],
  o: ResolvedBatchArgs,
): (SequenceBatch | PairBatch)[] {
  if (kind === 'pair') {
    const pairs = examples as readonly SequencePair[];
    return groups.map((indices) => ({
      kind: 'pair',
      indices,
      source: padRows((i) => (pairs[i] as SequencePair).source, indices, o.source, 'source'),
      target: padRows((i) => (pairs[i] as SequencePair).target, indices, o.target, 'target'),
    }));
  }
  const seqs = examples as readonly Sequence[];
  return groups.map((indices) => ({
    kind: 'sequence',
    indices,
    inputs: padRows((i) => seqs[i] as Sequence, indices, o.source, 'sequence'),
  }));
}

/**
 * Cut examples into padded batches, in input order or shuffled with a seed. Returns plain arrays
 * (rows, unpadded lengths and each row's example index); turn a batch into tensors with
 * {@link batchTensors} or a whole list into a `tf.data.Dataset` with {@link toTfDataset}.
 *
 * @param examples - sequences (`number[]`) or `{ source, target }` pairs of them, all of one kind.
 * @param args - see {@link PaddedBatchesArgs}.
 * @returns {@link SequenceBatch}es for sequences, {@link PairBatch}es for pairs.
 * @throws ValueError when `batchSize` is not a positive integer, an example is not an array of
 *   numbers, the kinds are mixed, or `shuffle` has no `seed`.
 * @throws ShapeError when a sequence is longer than `maxLen` and `truncating` is `'error'`.
 * @example
 * ```ts
 * const [b] = paddedBatches([[1, 2, 3], [4]], { batchSize: 2, padValue: 0 });
 * b.inputs.values;  // [[1, 2, 3], [4, 0, 0]]
 * b.inputs.lengths; // [3, 1]
 * ```
 */
export function paddedBatches(examples: readonly Sequence[], args: PaddedBatchesArgs): SequenceBatch[];
export function paddedBatches(examples: readonly SequencePair[], args: PaddedBatchesArgs): PairBatch[];
export function paddedBatches(examples: readonly BatchExample[], args: PaddedBatchesArgs): (SequenceBatch | PairBatch)[];
export function paddedBatches(examples: readonly BatchExample[], args: PaddedBatchesArgs): (SequenceBatch | PairBatch)[] {
  checkKnownOptions('paddedBatches options', args, PADDED_BATCHES_KEYS);
  const kind = exampleKind(examples);
  const o = resolveBatchArgs(args, kind);
  const indices = examples.map((_, i) => i);
  const order = o.shuffle ? new Rng(o.seed as number).shuffle(indices) : indices;
  return buildBatches(examples, kind, chunk(order, o.batchSize, o.dropRemainder), o);
}

/**
 * The fraction of cells in `batches` that are padding (over every padded field: the inputs, or
 * source and target together).
 *
 * @example
 * ```ts
 * paddingFraction(paddedBatches([[1, 2, 3], [4]], { batchSize: 2 })); // 2 / 6 = 0.333…
 * ```
 */
export function paddingFraction(batches: readonly (SequenceBatch | PairBatch)[]): number {
  let pad = 0;
  let total = 0;
  for (const b of batches) {
    const fields = b.kind === 'pair' ? [b.source, b.target] : [b.inputs];
    for (const f of fields) {
      const cells = f.width * f.lengths.length;
      total += cells;
      pad += cells - f.lengths.reduce((a, c) => a + c, 0);
    }
  }
  return total === 0 ? 0 : pad / total;
}
