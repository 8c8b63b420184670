export type {
  Batch,
  BatchExample,
  PaddedSequences,
  PaddingSide,
  PadTo,
  PairBatch,
  Sequence,
  SequenceBatch,
  SequencePair,
  TruncatingMode,
  WindowBatch,
} from './batching/batch-types.js';
export type { BucketByLengthArgs, BucketedBatches, BucketReport } from './batching/bucket-by-length.js';
export { BUCKET_BY_LENGTH_DEFAULTS, bucketByLength } from './batching/bucket-by-length.js';
export type { CharWindows, CharWindowsArgs } from './batching/char-windows.js';
export { charWindows } from './batching/char-windows.js';
export type { PaddedBatchesArgs } from './batching/padded-batches.js';
export { PADDED_BATCHES_DEFAULTS, paddedBatches, paddingFraction } from './batching/padded-batches.js';
export type { BatchSource, BatchTensorsArgs, TensorBatch } from './batching/tensors.js';
export { BATCH_TENSORS_DEFAULTS, batchTensors, tensorBatches, toTfDataset } from './batching/tensors.js';
export type { DatasetEntry, DatasetName, RemoteFile } from './download/registry.js';
export { DATASET_NAMES, DATASETS } from './download/registry.js';
// Data shapes the Node readers (@rnn/data/node) return; types only, so the main entry stays browser-safe.
export type { SentimentRecord, SentimentSource } from './node/readers/sentiment.js';
export type { TaggedSentence } from './node/readers/tagged.js';
export type { TextPair } from './node/readers/tatoeba.js';
export type { NormalizeForTranslationArgs } from './normalize/normalize-for-translation.js';
export { NORMALIZE_FOR_TRANSLATION_DEFAULTS, normalizeForTranslation } from './normalize/normalize-for-translation.js';
export type { ReferenceGroup } from './split/group-targets.js';
export { groupTargets } from './split/group-targets.js';
export type { SplitArgs, SplitReport, SplitResult } from './split/split.js';
export { split } from './split/split.js';
