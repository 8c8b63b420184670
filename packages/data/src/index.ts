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
export type { DownloadArgs, DownloadEvent, FetchLike } from './download/download.js';

export { download, sha256Hex } from './download/download.js';
export type { DatasetEntry, DatasetName, RemoteFile } from './download/registry.js';
export { DATASET_NAMES, DATASETS } from './download/registry.js';
export type { NormalizeForTranslationArgs } from './normalize/normalize-for-translation.js';

export { NORMALIZE_FOR_TRANSLATION_DEFAULTS, normalizeForTranslation } from './normalize/normalize-for-translation.js';
export type { DataFileArgs, ResolveDataRootArgs } from './readers/data-root.js';
export { DATA_DIR_ENV, dataFile, resolveDataRoot } from './readers/data-root.js';
export type { ReadSentimentLabelledArgs, SentimentRecord, SentimentSource } from './readers/sentiment.js';
export {
  READ_SENTIMENT_LABELLED_DEFAULTS,
  readSentimentLabelled,
  SENTIMENT_FILES,
  SENTIMENT_SOURCES,
} from './readers/sentiment.js';
export type { TaggedSentence } from './readers/tagged.js';
export { readTaggedSentences } from './readers/tagged.js';
export type { ReadTatoebaPairsArgs, TextPair } from './readers/tatoeba.js';
export { READ_TATOEBA_PAIRS_DEFAULTS, readTatoebaPairs } from './readers/tatoeba.js';
export type { ReadTextFileArgs } from './readers/text-file.js';
export { normalizeNewlines, READ_TEXT_FILE_DEFAULTS, readTextFile, stripGutenberg } from './readers/text-file.js';
export type { ReferenceGroup } from './split/group-targets.js';
export { groupTargets } from './split/group-targets.js';
export type { SplitArgs, SplitReport, SplitResult } from './split/split.js';
export { split } from './split/split.js';
