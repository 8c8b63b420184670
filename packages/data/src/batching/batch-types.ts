/** A sequence of token ids. */
export type Sequence = readonly number[];

/** A source sequence and its target sequence (translation, string reversal, tagging…). */
export interface SequencePair {
  /** Source token ids. */
  source: Sequence;
  /** Target token ids (with `<bos>`/`<eos>` already added when the model needs them). */
  target: Sequence;
}

/** What the batchers accept: plain sequences, or source/target pairs. */
export type BatchExample = Sequence | SequencePair;

/** Where padding goes: after the tokens (`post`) or before them (`pre`). */
export type PaddingSide = 'pre' | 'post';

/**
 * What to do with a sequence longer than `maxLen`: throw a `ShapeError` (`error`), drop tokens
 * from the start (`pre`) or from the end (`post`).
 */
export type TruncatingMode = 'error' | 'pre' | 'post';

/** How wide a batch is: as wide as its longest sequence, or exactly `maxLen`. */
export type PadTo = 'longest' | 'maxLen';

/** A rectangle of padded sequences: `values` is `[batch, width]`. */
export interface PaddedSequences {
  /** Padded rows, `[batch][width]`. */
  values: number[][];
  /** Each row's length before padding (after truncation). */
  lengths: number[];
  /** The padded width of every row. */
  width: number;
}

/** A batch of plain sequences. */
export interface SequenceBatch {
  kind: 'sequence';
  /** Each row's index in the examples given to the batcher. */
  indices: number[];
  /** The padded sequences, `[batch, width]`. */
  inputs: PaddedSequences;
}

/** A batch of source/target pairs, each side padded to its own width. */
export interface PairBatch {
  kind: 'pair';
  /** Each row's index in the examples given to the batcher. */
  indices: number[];
  /** Padded sources, `[batch, sourceWidth]`. */
  source: PaddedSequences;
  /** Padded targets, `[batch, targetWidth]`. */
  target: PaddedSequences;
}

/** A batch of language-model windows: `targets` are `inputs` shifted one step ahead. */
export interface WindowBatch<T = number> {
  kind: 'window';
  /** The batch's position in the stream (0, 1, 2…); row j of batch i+1 continues row j of batch i. */
  index: number;
  /** `[batchSize][seqLength]` inputs. */
  inputs: T[][];
  /** `[batchSize][seqLength]` next-item targets. */
  targets: T[][];
}

/** Any batch the package produces. */
export type Batch = SequenceBatch | PairBatch | WindowBatch<number>;
