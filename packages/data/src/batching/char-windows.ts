import { checkInteger, checkKnownOptions, describeValue, ValueError } from '@rnn/core';
import type { WindowBatch } from './batch-types.js';

/** Options of {@link charWindows}. */
export interface CharWindowsArgs {
  /** Time steps per window, an integer ≥ 1. Required. */
  seqLength: number;
  /** Rows per batch = number of contiguous tracks, an integer ≥ 1. Required. */
  batchSize: number;
}

/** The result of {@link charWindows}. */
export interface CharWindows<T> {
  /** The batches, in stream order: feed them in this order, without shuffling, to a stateful model. */
  batches: WindowBatch<T>[];
  /** Items per track (`floor((n - 1) / batchSize)`), of which `batches.length * seqLength` are used. */
  trackLength: number;
  /** Stream items that appear in no input window (the tails the layout cannot use). */
  unused: number;
}

/**
 * Cut a stream (a string's characters — by code point — or an id array) into batches for a
 * **stateful** language model. The stream is split into `batchSize` contiguous tracks of
 * `trackLength = floor((n - 1) / batchSize)` items; batch `i`, row `j` holds items
 * `j·trackLength + i·seqLength … + seqLength - 1` of the stream, and its targets are the same
 * positions plus one. So row `j` of batch `i + 1` continues row `j` of batch `i`, and the state a
 * stateful RNN carries from one batch to the next belongs to the same text. (The classic TensorFlow
 * text-generation tutorial shuffles its windows while training a stateful GRU, which breaks this.)
 * Incomplete final windows are dropped. Nothing is one-hot encoded here.
 *
 * @param stream - a string, or an array of token ids.
 * @param args - see {@link CharWindowsArgs}.
 * @throws ValueError when `seqLength`/`batchSize` is not a positive integer, or the stream is shorter
 *   than `batchSize · seqLength + 1` items (not even one batch).
 * @example
 * ```ts
 * const { batches } = charWindows('abcdefghij', { seqLength: 2, batchSize: 2 });
 * // trackLength 4: tracks 'abcd(e)' and 'efgh(i)'
 * batches[0].inputs;  // [['a', 'b'], ['e', 'f']]
 * batches[0].targets; // [['b', 'c'], ['f', 'g']]
 * batches[1].inputs;  // [['c', 'd'], ['g', 'h']]
 * ```
 */
export function charWindows(stream: string, args: CharWindowsArgs): CharWindows<string>;
export function charWindows(stream: ArrayLike<number>, args: CharWindowsArgs): CharWindows<number>;
export function charWindows(stream: string | ArrayLike<number>, args: CharWindowsArgs): CharWindows<string | number> {
  checkKnownOptions('charWindows options', args, ['seqLength', 'batchSize']);
  const seqLength = checkInteger('seqLength', args?.seqLength);
  const batchSize = checkInteger('batchSize', args?.batchSize);
  let items: ArrayLike<string | number>;
  if (typeof stream === 'string') items = Array.from(stream);
  else if (stream != null && typeof stream === 'object' && typeof (stream as ArrayLike<number>).length === 'number') items = stream;
  else throw new ValueError(`Expected \`stream\` to be a string or an array of ids, but got ${describeValue(stream)}.`);
  const n = items.length;
  const trackLength = n > 0 ? Math.floor((n - 1) / batchSize) : 0;
  const numBatches = Math.floor(trackLength / seqLength);
  if (numBatches === 0) {
    throw new ValueError(`Expected a stream of at least batchSize * seqLength + 1 = ${batchSize * seqLength + 1} items, but got ${n}.`);
  }
  const batches: WindowBatch<string | number>[] = [];
  for (let i = 0; i < numBatches; i++) {
    const inputs: (string | number)[][] = [];
    const targets: (string | number)[][] = [];
    for (let j = 0; j < batchSize; j++) {
      const start = j * trackLength + i * seqLength;
      const x: (string | number)[] = new Array(seqLength);
      const y: (string | number)[] = new Array(seqLength);
      for (let t = 0; t < seqLength; t++) {
        x[t] = items[start + t] as string | number;
        y[t] = items[start + t + 1] as string | number;
      }
      inputs.push(x);
      targets.push(y);
    }
    batches.push({ kind: 'window', index: i, inputs, targets });
  }
  return { batches, trackLength, unused: n - batchSize * numBatches * seqLength };
}
