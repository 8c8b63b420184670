export { sentenceBleu, corpusBleu, NLTK_BLEU_DEFAULTS } from './bleu/nltk-bleu.js';
export type { NltkBleuArgs } from './bleu/nltk-bleu.js';
export { NLTK_SMOOTHINGS } from './bleu/nltk-smoothing.js';
export type { NltkSmoothing } from './bleu/nltk-smoothing.js';
