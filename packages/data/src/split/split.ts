import { checkKnownOptions, describeValue, Rng, ValueError } from '@rnn/core';

/** Options of {@link split}. */
export interface SplitArgs<T> {
  /** Fractions `[train, val, test]`, each ≥ 0, summing to 1 (± 1e-9). Required. */
  ratios: readonly [number, number, number];
  /** Seed of the shuffle (any integer). Same seed and input → same split. Required. */
  seed: number;
  /**
   * Collapse duplicates before splitting, keeping each key's first occurrence: a key function, or
   * `true` to key on the whole item (`JSON.stringify`). Default: `undefined` (keep duplicates).
   */
  dedupe?: true | ((item: T) => string);
  /**
   * Keep all items with the same key in the same split (e.g. `(p) => p.source` so a source sentence
   * with several translations never straddles train and test). Default: `undefined` (every item its
   * own group).
   */
  groupBy?: (item: T) => string;
}

/** What {@link split} did. */
export interface SplitReport {
  /** Items in each split. */
  sizes: { train: number; val: number; test: number };
  /** Groups in each split (equal to `sizes` without `groupBy`). */
  groups: { train: number; val: number; test: number };
  /** Items given. */
  total: number;
  /** Items dropped as duplicates of an earlier item (0 without `dedupe`). */
  duplicatesRemoved: number;
  /** The ratios and seed used. */
  ratios: readonly [number, number, number];
  seed: number;
}

/** The result of {@link split}. */
export interface SplitResult<T> {
  train: T[];
  val: T[];
  test: T[];
  report: SplitReport;
}

/**
 * Split items into train / validation / test sets, seeded, reproducible and leak-free.
 *
 * Steps: (1) with `dedupe`, drop every item whose key was already seen; (2) gather items into groups
 * (`groupBy`, or one group per item); (3) shuffle the groups with `Rng(seed)`; (4) walk the shuffled
 * groups, sending each whole group to the split in which the middle of its run of items falls, so the
 * item counts follow `ratios` as closely as whole groups allow. Within each split, items keep their
 * input order (shuffle when batching).
 *
 * @param items - the items; not modified.
 * @param args - see {@link SplitArgs}.
 * @throws ValueError when `ratios` is not three non-negative numbers summing to 1, or `seed` is not an integer.
 * @example
 * ```ts
 * const { train, val, test, report } = split(sentencePairs, { ratios: [0.8, 0.1, 0.1], seed: 42, groupBy: (p) => p.source });
 * report.sizes; // { train: 24001, val: 2999, test: 3000 } (first 30,000 Tatoeba pairs)
 * ```
 */
export function split<T>(items: readonly T[], args: SplitArgs<T>): SplitResult<T> {
  checkKnownOptions('split options', args, ['ratios', 'seed', 'dedupe', 'groupBy']);
  if (!Array.isArray(items)) throw new ValueError(`Expected \`items\` to be an array, but got ${describeValue(items)}.`);
  const ratios = args.ratios;
  if (
    !Array.isArray(ratios) ||
    ratios.length !== 3 ||
    ratios.some((r) => typeof r !== 'number' || !Number.isFinite(r) || r < 0) ||
    Math.abs(ratios[0] + ratios[1] + ratios[2] - 1) > 1e-9
  ) {
    throw new ValueError(`Expected \`ratios\` to be [train, val, test], three non-negative numbers summing to 1, but got ${describeValue(ratios)}.`);
  }
  const rng = new Rng(args.seed);

  let kept: readonly T[] = items;
  let duplicatesRemoved = 0;
  if (args.dedupe !== undefined) {
    const key = args.dedupe === true ? (x: T) => JSON.stringify(x) : args.dedupe;
    if (typeof key !== 'function') {
      throw new ValueError(`Expected \`dedupe\` to be true or a key function, but got ${describeValue(args.dedupe)}.`);
    }
    const seen = new Set<string>();
    const out: T[] = [];
    for (const item of items) {
      const k = key(item);
      if (seen.has(k)) duplicatesRemoved++;
      else {
        seen.add(k);
        out.push(item);
      }
    }
    kept = out;
  }

  // Groups as lists of indices into `kept`, in first-appearance order.
  let groups: number[][];
  if (args.groupBy !== undefined) {
    if (typeof args.groupBy !== 'function') {
      throw new ValueError(`Expected \`groupBy\` to be a key function, but got ${describeValue(args.groupBy)}.`);
    }
    const byKey = new Map<string, number[]>();
    kept.forEach((item, i) => {
      const k = (args.groupBy as (item: T) => string)(item);
      const g = byKey.get(k);
      if (g) g.push(i);
      else byKey.set(k, [i]);
    });
    groups = [...byKey.values()];
  } else {
    groups = kept.map((_, i) => [i]);
  }

  const order = rng.shuffle(groups);
  const n = kept.length;
  const cut1 = ratios[0];
  const cut2 = ratios[0] + ratios[1];
  const assign = new Uint8Array(n);
  const groupCounts = [0, 0, 0];
  let cum = 0;
  for (const g of order) {
    const mid = (cum + g.length / 2) / n;
    // 0 < mid < 1, so a split whose ratio is 0 never receives a group.
    const target = mid < cut1 ? 0 : mid < cut2 ? 1 : 2;
    for (const i of g) assign[i] = target;
    groupCounts[target] = (groupCounts[target] as number) + 1;
    cum += g.length;
  }
  const train: T[] = [];
  const val: T[] = [];
  const test: T[] = [];
  const buckets = [train, val, test];
  kept.forEach((item, i) => {
    (buckets[assign[i] as number] as T[]).push(item);
  });
  return {
    train,
    val,
    test,
    report: {
      sizes: { train: train.length, val: val.length, test: test.length },
      groups: { train: groupCounts[0] as number, val: groupCounts[1] as number, test: groupCounts[2] as number },
      total: items.length,
      duplicatesRemoved,
      ratios,
      seed: args.seed,
    },
  };
}
