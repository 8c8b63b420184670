// Fixtures the TSDoc examples of @rnn/seq2seq use (scripts/check-examples.mjs type-checks them).
// Values typed `never` stand for inputs whose exact type the example does not need to show.
declare const model: import('@rnn/seq2seq').Seq2Seq;
declare const other: import('@rnn/seq2seq').Seq2Seq;
declare const translator: import('@rnn/seq2seq').Translator;
declare const trainer: import('@rnn/seq2seq').Trainer;
declare const sourceVocab: import('@rnn/tokenizers').Vocabulary;
declare const targetVocab: import('@rnn/tokenizers').Vocabulary;
/** Source and target ids `[batch, time]`. */
declare const src: import('@tensorflow/tfjs').Tensor2D;
declare const tgt: import('@tensorflow/tfjs').Tensor2D;
declare const enc: import('@rnn/seq2seq').EncoderOutput;
declare const sources: number[][];
declare const maxSourceLength: number;
declare const pairs: import('@rnn/seq2seq').Seq2SeqPair[];
declare const val: import('@rnn/seq2seq').Seq2SeqPair[];
declare const valPairs: import('@rnn/seq2seq').Seq2SeqPair[];
declare const data: import('@rnn/seq2seq').Seq2SeqPair[];
declare function batchesOfEpoch(epoch: number): import('@rnn/seq2seq').Seq2SeqBatch[];
declare const batch: never;
declare const policy: import('@rnn/seq2seq').TeacherForcingPolicy;
declare const rng: import('@rnn/core').Rng;
declare const rawGrads: import('@tensorflow/tfjs').NamedTensorMap;
declare const optimizer: import('@tensorflow/tfjs').Optimizer;
declare const saved: import('@tensorflow/tfjs').NamedTensor[];
declare const manifest: import('@rnn/seq2seq').BundleManifest;
declare const store: import('@rnn/seq2seq').BundleStore;
declare const weights: import('@tensorflow/tfjs').Tensor[];
declare const bytes: Uint8Array;
declare const specs: import('@rnn/seq2seq').WeightSpec[];
declare const dir: string;
declare const readFileSync: typeof import('node:fs').readFileSync;
declare const join: typeof import('node:path').join;
