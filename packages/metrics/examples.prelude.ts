// Fixtures the TSDoc examples of @rnn/metrics use (scripts/check-examples.mjs type-checks them).
declare const yTrue: import('@tensorflow/tfjs').Tensor;
declare const yPred: import('@tensorflow/tfjs').Tensor;
declare const logits: import('@tensorflow/tfjs').Tensor;
declare const model: import('@tensorflow/tfjs').LayersModel;
/** NLTK style: token lists. */
declare const refs: string[][];
declare const hyp: string[];
/** sacreBLEU style: sentences. */
declare const hyps: string[];
declare const labels: number[];
declare const preds: number[];
declare const m: number[][];
/** sacreBLEU style: one reference sentence per hypothesis. */
declare const refLines: string[];
