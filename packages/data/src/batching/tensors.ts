import { checkInteger, checkKnownOptions, describeValue, ValueError } from '@rnn/core';
import * as tf from '@tensorflow/tfjs';
import type { Batch, PaddedSequences } from './batch-types.js';

/** A model's inputs and targets for one batch, as `model.fitDataset` expects. */
export interface TensorBatch {
  /** One input tensor, or several for a multi-input model. */
  xs: tf.Tensor | tf.Tensor[];
  /** The targets. */
  ys: tf.Tensor;
}

/** Options of {@link batchTensors}, {@link toTfDataset} and {@link tensorBatches}. */
export interface BatchTensorsArgs {
  /**
   * One-hot encode the targets of THIS batch to this depth (`[…, depth]` float32). Default:
   * `undefined`: integer ids stored as float32 (tfjs' `sparseCategoricalCrossentropy` rejects int32
   * targets). One-hot targets for a whole corpus are never built.
   */
  oneHotDepth?: number;
  /**
   * Labels of sequence examples, indexed like the examples the batches were built from (e.g.
   * sentiment 0/1); `ys` is `[batch, 1]` float32. Required for sequence batches unless `map` is given.
   * Default: `undefined`.
   */
  labels?: ArrayLike<number>;
  /** Build `{ xs, ys }` yourself instead of the default layout. Default: `undefined`. */
  map?: (batch: Batch) => TensorBatch;
}

/**
 * Defaults of {@link BatchTensorsArgs}.
 *
 * @example
 * ```ts
 * BATCH_TENSORS_DEFAULTS.oneHotDepth; // undefined (sparse float32 ids)
 * ```
 */
export const BATCH_TENSORS_DEFAULTS = { oneHotDepth: undefined, labels: undefined, map: undefined } as const;

const KEYS = ['oneHotDepth', 'labels', 'map'] as const;

function ids(p: PaddedSequences | number[][], from = 0, to?: number): tf.Tensor2D {
  const rows = Array.isArray(p) ? p : p.values;
  const sliced = from === 0 && to === undefined ? rows : rows.map((r) => r.slice(from, to));
  const width = sliced[0]?.length ?? 0;
  return tf.tensor2d(sliced, [sliced.length, width], 'int32');
}

function targets(t: tf.Tensor2D, depth: number | undefined): tf.Tensor {
  // tfjs' sparseCategoricalCrossentropy floors its targets and so rejects int32: sparse ids are float32.
  if (depth === undefined) return t.toFloat();
  return tf.oneHot(t, depth).toFloat();
}

/**
 * Turn one batch into tensors in the default layout:
 * - window batch → `xs` `[batch, seqLength]` int32, `ys` `[batch, seqLength]` float32 ids (or
 *   `[batch, seqLength, oneHotDepth]` float32 one-hot);
 * - pair batch (teacher forcing; targets start with `<bos>`) → `xs = [source [batch, S],
 *   target[:, :-1] [batch, T-1]]` int32, `ys = target[:, 1:]` `[batch, T-1]` float32 ids (or one-hot);
 * - sequence batch → `xs` `[batch, width]` int32, `ys` `[batch, 1]` float32 from `labels`.
 * The caller owns (and must dispose) the tensors.
 *
 * @param batch - a batch from {@link paddedBatches}, {@link bucketByLength} or {@link charWindows} (numeric).
 * @param args - see {@link BatchTensorsArgs}.
 * @throws ValueError for a sequence batch without `labels`/`map`, a non-numeric window batch, or a bad `oneHotDepth`.
 * @example
 * ```ts
 * const { xs, ys } = batchTensors(charWindows(ids, { seqLength: 100, batchSize: 64 }).batches[0]);
 * (xs as tf.Tensor).shape; // [64, 100]
 * tf.dispose([xs, ys]);
 * ```
 */
export function batchTensors(batch: Batch, args: BatchTensorsArgs = {}): TensorBatch {
  checkKnownOptions('batchTensors options', args, KEYS);
  if (args.map) return args.map(batch);
  const depth = args.oneHotDepth === undefined ? undefined : checkInteger('oneHotDepth', args.oneHotDepth, 2);
  return tf.tidy(() => {
    switch (batch.kind) {
      case 'window': {
        const first = batch.inputs[0]?.[0];
        if (typeof first !== 'number') {
          throw new ValueError(
            `Expected a window batch of numeric ids (map characters to ids before charWindows), but got items like ${describeValue(first)}.`,
          );
        }
        return { xs: ids(batch.inputs), ys: targets(ids(batch.targets), depth) };
      }
      case 'pair': {
        if (batch.target.width < 2) {
          throw new ValueError(`Expected pair targets of width >= 2 (<bos> plus at least one token) for teacher forcing, but got width ${batch.target.width}.`);
        }
        return {
          xs: [ids(batch.source), ids(batch.target, 0, batch.target.width - 1)],
          ys: targets(ids(batch.target, 1), depth),
        };
      }
      case 'sequence': {
        const labels = args.labels;
        if (labels === undefined) {
          throw new ValueError('Expected `labels` (or `map`) to build targets for a sequence batch, but got neither.');
        }
        const ys = batch.indices.map((i) => {
          const v = labels[i];
          if (typeof v !== 'number') {
            throw new ValueError(`Expected \`labels[${i}]\` to be a number, but got ${describeValue(v)}.`);
          }
          return [v];
        });
        return { xs: ids(batch.inputs), ys: tf.tensor2d(ys, [ys.length, 1], 'float32') };
      }
      default:
        throw new ValueError(`Expected a batch with kind 'window', 'pair' or 'sequence', but got ${describeValue(batch)}.`);
    }
  });
}

/** Batches, or a function returning fresh batches each time it is called (e.g. reshuffled per epoch). */
export type BatchSource<B extends Batch = Batch> = readonly B[] | (() => Iterable<B>);

function open<B extends Batch>(source: BatchSource<B>): Iterable<B> {
  if (typeof source === 'function') return source();
  if (Array.isArray(source)) return source;
  throw new ValueError(`Expected batches (an array, or a function returning an iterable), but got ${describeValue(source)}.`);
}

/**
 * A `tf.data.Dataset` of `{ xs, ys }` for `model.fitDataset`, built lazily: tensors for a batch are
 * created only when the dataset reaches it (and `fitDataset` disposes them after the step). Pass a
 * function as `source` to get new batches each epoch (it is called every time the dataset is iterated).
 *
 * @param source - batches, or a function returning them (see {@link BatchSource}).
 * @param args - see {@link BatchTensorsArgs}.
 * @example
 * ```ts
 * let epoch = 0;
 * const ds = toTfDataset(() => paddedBatches(pairs, { batchSize: 64, shuffle: true, seed: epoch++ }));
 * await model.fitDataset(ds, { epochs: 10 });
 * ```
 */
export function toTfDataset(source: BatchSource, args: BatchTensorsArgs = {}): tf.data.Dataset<tf.TensorContainer> {
  checkKnownOptions('toTfDataset options', args, KEYS);
  if (typeof source !== 'function' && !Array.isArray(source)) open(source); // throws the clear error now, not mid-fit
  return tf.data.generator(function* () {
    // TensorBatch is a TensorContainerObject in all but its (closed) index signature.
    for (const batch of open(source)) yield batchTensors(batch, args) as unknown as tf.TensorContainer;
  });
}

/**
 * The same `{ xs, ys }` tensors as {@link toTfDataset}, as a plain async iterator for a custom
 * training loop; each item also carries its batch (indices, lengths for masks). Dispose `xs`/`ys`
 * after each step.
 *
 * @param source - batches, or a function returning them.
 * @param args - see {@link BatchTensorsArgs}.
 * @example
 * ```ts
 * for await (const { xs, ys, batch } of tensorBatches(batches)) {
 *   await trainStep(xs, ys, batch);
 *   tf.dispose([xs, ys]);
 * }
 * ```
 */
export async function* tensorBatches<B extends Batch>(source: BatchSource<B>, args: BatchTensorsArgs = {}): AsyncGenerator<TensorBatch & { batch: B }> {
  checkKnownOptions('tensorBatches options', args, KEYS);
  for (const batch of open(source)) {
    yield { ...batchTensors(batch, args), batch };
  }
}
