import { ValueError } from '@rnn/core';
import type { ReferenceGroup } from '@rnn/data';

/** Whitespace tokens of a normalised sentence (the app's text is already tokenised by normalisation). */
export function tokens(text: string): string[] {
  return text.split(/\s+/).filter((t) => t.length > 0);
}

/**
 * NLTK `corpus_bleu` references: for each group, every reference as a token list.
 *
 * @example
 * ```ts
 * nltkReferences([{ source: 'i m cold .', targets: ['j ai froid .', 'je suis gelé .'] }]);
 * // [[['j', 'ai', 'froid', '.'], ['je', 'suis', 'gelé', '.']]]
 * ```
 */
export function nltkReferences(groups: readonly ReferenceGroup[]): string[][][] {
  return groups.map((g) => g.targets.map(tokens));
}

/**
 * sacreBLEU reference STREAMS (`streams[j][i]` = j-th reference of segment i) for segments with different
 * numbers of references. sacreBLEU pads missing references with `None` (skipped); `bleu()` of @rnn/metrics
 * takes strings only, and an empty string would count as a 0-length reference. So a segment with fewer
 * references repeats its first one: a duplicate reference changes neither the clipped n-gram counts
 * (max over references) nor the closest reference length, which is exactly "skipped".
 *
 * @throws ValueError when a group has no reference.
 * @example
 * ```ts
 * sacreStreams([{ source: 'a', targets: ['x', 'y'] }, { source: 'b', targets: ['z'] }]);
 * // [['x', 'z'], ['y', 'z']]
 * ```
 */
export function sacreStreams(groups: readonly ReferenceGroup[]): string[][] {
  const n = Math.max(0, ...groups.map((g) => g.targets.length));
  groups.forEach((g, i) => {
    if (g.targets.length === 0) throw new ValueError(`Expected every reference group to have a target, but group ${i} (${JSON.stringify(g.source)}) has none.`);
  });
  return Array.from({ length: n }, (_, j) => groups.map((g) => (g.targets[j] ?? g.targets[0]) as string));
}

/** A source-length bucket: label and the indices of the segments in it. */
export interface LengthBucket {
  label: string;
  indices: number[];
}

/**
 * Group segment indices by source length (in tokens) with upper-inclusive `boundaries`:
 * `[3, 4, 5, 6]` gives `1-3`, `4`, `5`, `6`, `7+`. Empty buckets are dropped.
 *
 * @example
 * ```ts
 * lengthBuckets([2, 4, 9], [3, 5]); // [{ label: '1-3', indices: [0] }, { label: '4-5', indices: [1] }, { label: '6+', indices: [2] }]
 * ```
 */
export function lengthBuckets(lengths: readonly number[], boundaries: readonly number[]): LengthBucket[] {
  const edges = [...boundaries].sort((a, b) => a - b);
  const buckets: LengthBucket[] = [];
  let lo = 1;
  for (const hi of edges) {
    buckets.push({ label: lo === hi ? String(hi) : `${lo}-${hi}`, indices: [] });
    lo = hi + 1;
  }
  buckets.push({ label: `${lo}+`, indices: [] });
  lengths.forEach((len, i) => {
    const k = edges.findIndex((hi) => len <= hi);
    (buckets[k === -1 ? edges.length : k] as LengthBucket).indices.push(i);
  });
  return buckets.filter((b) => b.indices.length > 0);
}
