import type { VocabularyLike } from '../persistence/vocabulary-like.js';

/**
 * What a {@link Translator} needs from a vocabulary — @rnn/tokenizers' `Vocabulary` satisfies it:
 * text or tokens → ids (unknown tokens → `<unk>`), ids → text or tokens.
 *
 * @example
 * ```ts
 * const v: TranslatorVocabulary = Vocabulary.fromTexts(['hello world']);
 * ```
 */
export interface TranslatorVocabulary extends VocabularyLike {
  /** Ids of a text (split the vocabulary's way: words or characters) or of a token list. */
  encode(tokens: string | readonly string[]): number[];
  /** Text of `ids` (joined the vocabulary's way). */
  decode(ids: readonly number[]): string;
  /** Tokens of `ids`. */
  decodeTokens(ids: readonly number[]): string[];
  /**
   * Id that unknown tokens encode to (`<unk>`). When given, `translate` does not decode a sentence made only of
   * unknown tokens into a made-up translation (it gives `''`, `skipped: 'unknown'`). Default: none (no such check).
   */
  readonly unkId?: number;
}
