// @rnn/data/node: everything in @rnn/data, plus its Node-only half: what reads files, the environment or
// the network: corpus readers, the data-root resolver (RNN_DATA_DIR) and the checksummed downloader.
export * from '../index.js';
export type { DownloadArgs, DownloadEvent, FetchLike } from './download/download.js';
export { download, sha256Hex } from './download/download.js';
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
