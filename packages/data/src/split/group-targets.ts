/** A source sentence with every distinct target it has (multiple references for BLEU). */
export interface ReferenceGroup<S = string, T = string> {
  /** The source. */
  source: S;
  /** Its distinct targets, in first-appearance order. */
  targets: T[];
}

/**
 * Collect all targets of each source: Tatoeba has one English sentence with several French
 * translations, and scoring a translation against only one of them understates BLEU. Sources are
 * compared with `===` on their key (`String(source)` by default) and listed in first-appearance order;
 * repeated identical targets are kept once.
 *
 * @param pairs - `{ source, target }` records (e.g. the test split).
 * @param key - how to key a source. Default: `String`.
 * @example
 * ```ts
 * groupTargets([{ source: 'Hi.', target: 'Salut.' }, { source: 'Hi.', target: 'Salut !' }]);
 * // [{ source: 'Hi.', targets: ['Salut.', 'Salut !'] }]
 * ```
 */
export function groupTargets<S, T>(pairs: readonly { source: S; target: T }[], key: (source: S) => string = String): ReferenceGroup<S, T>[] {
  const byKey = new Map<string, { group: ReferenceGroup<S, T>; seen: Set<string> }>();
  for (const { source, target } of pairs) {
    const k = key(source);
    let entry = byKey.get(k);
    if (!entry) {
      entry = { group: { source, targets: [] }, seen: new Set() };
      byKey.set(k, entry);
    }
    const tk = typeof target === 'string' ? target : JSON.stringify(target);
    if (!entry.seen.has(tk)) {
      entry.seen.add(tk);
      entry.group.targets.push(target);
    }
  }
  return [...byKey.values()].map((e) => e.group);
}
