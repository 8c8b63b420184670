// Fixtures the TSDoc examples of @rnn/data use (scripts/check-examples.mjs type-checks them).
/** Source/target pairs of token ids. */
declare const pairs: { source: number[]; target: number[] }[];
/** A corpus as character ids. */
declare const ids: number[];
declare const model: import('@tensorflow/tfjs').LayersModel;
declare const batches: import('@rnn/data').Batch[];
declare function trainStep(
  xs: import('@tensorflow/tfjs').Tensor | import('@tensorflow/tfjs').Tensor[],
  ys: import('@tensorflow/tfjs').Tensor,
  batch: import('@rnn/data').Batch,
): Promise<void>;
/** Sentence pairs as read from a corpus. */
declare const sentencePairs: { source: string; target: string }[];
/** Parsed command-line options of an app. */
declare const opts: { data?: string };
