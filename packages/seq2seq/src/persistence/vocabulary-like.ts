/**
 * What persistence and the translator need from a vocabulary (satisfied by @rnn/tokenizers'
 * `Vocabulary`): its size and a JSON form.
 */
export interface VocabularyLike {
  /** Number of ids (including the reserved ones). */
  readonly size: number;
  /** A JSON-serialisable form that the matching `fromJSON` restores. */
  toJSON(): unknown;
}
