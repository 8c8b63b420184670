/**
 * What persistence and the translator need from a vocabulary (satisfied by @rnn/tokenizers'
 * `Vocabulary`): its size and a JSON form.
 *
 * @example
 * ```ts
 * const v: VocabularyLike = Vocabulary.fromTexts(['a b c']); v.size; // 7
 * ```
 */
export interface VocabularyLike {
  /** Number of ids (including the reserved ones). */
  readonly size: number;
  /** A JSON-serialisable form that the matching `fromJSON` restores. */
  toJSON(): unknown;
}
