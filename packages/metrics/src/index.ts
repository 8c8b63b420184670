export type { NestedNumbers } from './accuracy/label-arrays.js';
export type { MaskedAccuracyArgs, TfMetricFn } from './accuracy/masked-accuracy.js';
export { MASKED_ACCURACY_DEFAULTS, maskedAccuracy, maskedAccuracyMetric } from './accuracy/masked-accuracy.js';
export type { NltkBleuArgs } from './bleu/nltk-bleu.js';
export { corpusBleu, NLTK_BLEU_DEFAULTS, sentenceBleu } from './bleu/nltk-bleu.js';
export type { NltkSmoothing } from './bleu/nltk-smoothing.js';
export { NLTK_SMOOTHINGS } from './bleu/nltk-smoothing.js';
export type { BleuScore, SacreBleuArgs } from './bleu/sacre-bleu.js';
export { bleu, SACRE_BLEU_DEFAULTS } from './bleu/sacre-bleu.js';
export { tokenize13a } from './bleu/tokenizer-13a.js';
export type { ClassificationReport, ClassScores } from './classification/classification-report.js';
export { classificationReport } from './classification/classification-report.js';
export { confusionMatrix } from './classification/confusion-matrix.js';
export type { MaskedCrossentropyArgs } from './losses/masked-crossentropy.js';
export {
  MASKED_CROSSENTROPY_DEFAULTS,
  maskedSparseCategoricalCrossentropy,
  maskedSparseCategoricalCrossentropyLoss,
} from './losses/masked-crossentropy.js';
export { perplexity } from './perplexity.js';
export { Mean } from './streaming/mean.js';
export type { TensorOrArray } from './streaming/read-values.js';
export type { SparseCategoricalAccuracyArgs } from './streaming/sparse-categorical-accuracy.js';
export {
  SPARSE_CATEGORICAL_ACCURACY_DEFAULTS,
  SparseCategoricalAccuracy,
} from './streaming/sparse-categorical-accuracy.js';
export { PACKAGE_VERSION } from './version.js';
