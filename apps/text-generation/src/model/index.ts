// The text-generation app's model for other apps (the in-page trainer): the character GRU language model and the
// trigram baseline, with no file IO (that is char-lm-files.ts, Node only).
export { TrigramModel } from '../baselines/trigram-model.js';
export type { CharLMConfig } from './char-lm.js';
export { CharLM } from './char-lm.js';
