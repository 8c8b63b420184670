import { checkKnownOptions, describeValue, ValueError } from '@rnn/core';

/**
 * Keras' default `filters`: ASCII punctuation except the apostrophe, plus tab and newline.
 *
 * @example
 * ```ts
 * KERAS_DEFAULT_FILTERS.includes("'"); // false — "don't" stays one word
 * ```
 */
export const KERAS_DEFAULT_FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n';

/**
 * Options of {@link textToWordSequence}.
 *
 * @example
 * ```ts
 * textToWordSequence('a|b', { split: '|', filters: '' }); // ['a', 'b']
 * ```
 */
export interface TextToWordSequenceArgs {
  /** Characters replaced by `split` before splitting. Default: {@link KERAS_DEFAULT_FILTERS}. */
  filters?: string;
  /** Lower-case the text first. Default: `true`. */
  lower?: boolean;
  /** Separator to split on (non-empty). Default: `' '`. */
  split?: string;
}

/**
 * Defaults of {@link textToWordSequence}, identical to Keras'.
 *
 * @example
 * ```ts
 * TEXT_TO_WORD_SEQUENCE_DEFAULTS.split; // ' '
 * ```
 */
export const TEXT_TO_WORD_SEQUENCE_DEFAULTS = {
  filters: KERAS_DEFAULT_FILTERS,
  lower: true,
  split: ' ',
} as const;

const KNOWN = ['filters', 'lower', 'split'] as const;

/**
 * Split a text into words exactly like Keras' `text_to_word_sequence`: lower-case, replace every
 * character of `filters` by `split`, split on `split` and drop empty pieces.
 *
 * @param text - the text.
 * @param args - see {@link TextToWordSequenceArgs}.
 * @returns the words, in order.
 * @throws ValueError when `text` is not a string, `split` is empty or an option is unknown.
 * @example
 * ```ts
 * textToWordSequence('The cat, the HAT!'); // ['the', 'cat', 'the', 'hat']
 * ```
 */
export function textToWordSequence(text: string, args: TextToWordSequenceArgs = {}): string[] {
  checkKnownOptions('textToWordSequence options', args, KNOWN);
  if (typeof text !== 'string') {
    throw new ValueError(`Expected \`text\` to be a string, but got ${describeValue(text)}.`);
  }
  const filters = args.filters ?? TEXT_TO_WORD_SEQUENCE_DEFAULTS.filters;
  const split = args.split ?? TEXT_TO_WORD_SEQUENCE_DEFAULTS.split;
  checkSplit(split);
  return splitWords(text, new Set(filters), args.lower ?? TEXT_TO_WORD_SEQUENCE_DEFAULTS.lower, split);
}

/** @internal Throw unless `split` is a non-empty string (Python's `str.split('')` raises too). */
export function checkSplit(split: unknown): void {
  if (typeof split !== 'string' || split.length === 0) {
    throw new ValueError(`Expected \`split\` to be a non-empty string, but got ${describeValue(split)}.`);
  }
}

/** @internal The shared core: filters are compared per code point, as Python's `str.translate` does. */
export function splitWords(text: string, filters: ReadonlySet<string>, lower: boolean, split: string): string[] {
  const source = lower ? text.toLowerCase() : text;
  let translated = '';
  for (const ch of source) translated += filters.has(ch) ? split : ch;
  return translated.split(split).filter((w) => w.length > 0);
}
