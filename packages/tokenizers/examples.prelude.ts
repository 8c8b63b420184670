// Fixtures the TSDoc examples of @rnn/tokenizers use (scripts/check-examples.mjs type-checks them).
declare const fs: typeof import('node:fs');
declare const tok: import('@rnn/tokenizers').Tokenizer;
declare const vocab: import('@rnn/tokenizers').Vocabulary;
/** Texts to build a vocabulary from. */
declare const corpus: string[];
/** Token ids a model produced. */
declare const outputIds: number[];
