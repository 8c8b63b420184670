export type { PadDtype, PadSequencesArgs, PadSide } from './sequence/pad-sequences.js';
export { PAD_SEQUENCES_DEFAULTS, padSequences } from './sequence/pad-sequences.js';
export type { CategoricalLabels } from './sequence/to-categorical.js';
export { toCategorical } from './sequence/to-categorical.js';
export type { TextToWordSequenceArgs } from './tokenizer/text-to-word-sequence.js';
export {
  KERAS_DEFAULT_FILTERS,
  TEXT_TO_WORD_SEQUENCE_DEFAULTS,
  textToWordSequence,
} from './tokenizer/text-to-word-sequence.js';
export type { KerasTokenizerConfig, KerasTokenizerJson, TokenizerArgs, TokenizerText } from './tokenizer/tokenizer.js';
export { TOKENIZER_DEFAULTS, Tokenizer } from './tokenizer/tokenizer.js';
export type {
  DecodeArgs,
  EncodeArgs,
  SpecialToken,
  VocabularyArgs,
  VocabularyJson,
  VocabularyMode,
} from './vocabulary/vocabulary.js';
export { SPECIAL_TOKENS, VOCABULARY_DEFAULTS, VOCABULARY_FORMAT_VERSION, Vocabulary } from './vocabulary/vocabulary.js';
