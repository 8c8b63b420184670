import type { VocabularyLike } from '../persistence/vocabulary-like.js';

/**
 * What a {@link Translator} needs from a vocabulary (satisfied by @rnn/tokenizers' `Vocabulary`):
 * tokens → ids (unknown tokens → `<unk>`) and ids → tokens.
 */
export interface TranslatorVocabulary extends VocabularyLike {
  /** Ids of `tokens`. */
  encode(tokens: readonly string[]): number[];
  /** Tokens of `ids`. */
  decode(ids: readonly number[]): string[];
}
