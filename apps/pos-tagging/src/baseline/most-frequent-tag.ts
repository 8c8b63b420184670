import type { TaggedSentence } from '@rnn/data';

/**
 * The most-frequent-tag baseline: each word gets the tag it carries most often in the training
 * sentences; a word never seen in train gets the most frequent tag overall. Ties go to the tag that is
 * more frequent overall, then to the alphabetically first, so the result does not depend on order.
 *
 * @example
 * ```ts
 * const b = MostFrequentTagBaseline.fit([{ words: ['a', 'run', 'run'], tags: ['DT', 'NN', 'VB'] }]);
 * b.tag(['run', 'zebra']); // ['NN', 'DT']: 'run' ties NN/VB (equal overall too → alphabetical); unknown → DT (all tie → alphabetical)
 * ```
 */
export class MostFrequentTagBaseline {
  private constructor(
    private readonly byWord: ReadonlyMap<string, string>,
    /** The most frequent tag overall (for unknown words). */
    readonly defaultTag: string,
  ) {}

  /** Count word/tag pairs in `train`. */
  static fit(train: readonly TaggedSentence[]): MostFrequentTagBaseline {
    const overall = new Map<string, number>();
    const perWord = new Map<string, Map<string, number>>();
    for (const s of train) {
      s.words.forEach((w, i) => {
        const t = s.tags[i] as string;
        overall.set(t, (overall.get(t) ?? 0) + 1);
        const m = perWord.get(w) ?? new Map<string, number>();
        m.set(t, (m.get(t) ?? 0) + 1);
        perWord.set(w, m);
      });
    }
    const better = (a: [string, number], b: [string, number]): boolean =>
      a[1] !== b[1] ? a[1] > b[1] : (overall.get(a[0]) ?? 0) !== (overall.get(b[0]) ?? 0) ? (overall.get(a[0]) ?? 0) > (overall.get(b[0]) ?? 0) : a[0] < b[0];
    const argmax = (m: Map<string, number>): string => {
      let best: [string, number] | null = null;
      for (const e of m) if (best === null || better(e, best)) best = e;
      return best ? best[0] : '';
    };
    const byWord = new Map<string, string>();
    for (const [w, m] of perWord) byWord.set(w, argmax(m));
    return new MostFrequentTagBaseline(byWord, argmax(overall));
  }

  /** Number of distinct training words. */
  get knownWords(): number {
    return this.byWord.size;
  }

  /** Tag a sentence. */
  tag(words: readonly string[]): string[] {
    return words.map((w) => this.byWord.get(w) ?? this.defaultTag);
  }
}
