import { charWindows } from '@rnn/data';
import { clipByGlobalNorm } from '@rnn/layers';
import * as tf from '@tensorflow/tfjs';
import { CharLM } from '../model/char-lm.js';

/**
 * What {@link trainEpoch} reports after each batch.
 *
 * @example
 * ```ts
 * trainEpoch(model, opt, ids, args, (r: BatchReport) => console.log(r.batch, r.loss, r.gradNorm));
 * ```
 */
export interface BatchReport {
  batch: number;
  loss: number;
  gradNorm: number;
}

/**
 * One epoch of stateful training over `charWindows(ids, …)` batches, in stream order (contiguous
 * tracks, not shuffled): the GRU state starts at zero (reset each epoch) and each batch starts from
 * the previous batch's final state, detached (truncated BPTT over `seqLength` steps). Adam with
 * gradients clipped to `clipNorm`. Returns the mean training cross-entropy (nats per character).
 *
 * @example
 * ```ts
 * const opt = tf.train.adam(0.005);
 * const loss = trainEpoch(model, opt, trainIds, { seqLength: 100, batchSize: 16, clipNorm: 5 }); // nats/char
 * ```
 */
export function trainEpoch(
  model: CharLM,
  optimizer: tf.Optimizer,
  ids: ArrayLike<number>,
  args: { seqLength: number; batchSize: number; clipNorm: number },
  onBatch?: (r: BatchReport) => void,
): number {
  const { batches } = charWindows(ids, { seqLength: args.seqLength, batchSize: args.batchSize });
  let state = model.zeroState(args.batchSize);
  let sum = 0;
  try {
    batches.forEach((b, i) => {
      const x = tf.tensor2d(b.inputs, undefined, 'int32');
      const y = tf.tensor2d(b.targets, undefined, 'int32');
      let next: tf.Tensor2D | null = null;
      const { value, grads } = tf.variableGrads(() => {
        const out = model.forward(x, state);
        next = tf.keep(out.state);
        return tf.mean(CharLM.crossEntropy(out.logits, y)) as tf.Scalar;
      }, model.trainableVariables);
      const { grads: clipped, norm } = clipByGlobalNorm(grads, args.clipNorm);
      optimizer.applyGradients(clipped);
      const loss = value.dataSync()[0] as number;
      tf.dispose([value, x, y]);
      tf.dispose(Object.values(grads));
      tf.dispose(Object.values(clipped));
      state.dispose();
      state = next as unknown as tf.Tensor2D;
      sum += loss;
      onBatch?.({ batch: i, loss, gradNorm: norm });
    });
  } finally {
    state.dispose();
  }
  return sum / batches.length;
}

/**
 * Result of {@link evaluateHeldOut}.
 *
 * @example
 * ```ts
 * const { crossEntropy, positions } = evaluateHeldOut(model, ids, trainLength, { seqLength: 100, tracks: 8 });
 * ```
 */
export interface HeldOutResult {
  /** Mean cross-entropy in nats per predicted character. */
  crossEntropy: number;
  /** Indices (into the whole id stream) of the predicted characters, for scoring baselines on the same positions. */
  positions: Int32Array;
}

/**
 * Cross-entropy on the held-out ids `ids[start…]`, run statefully: the held-out part is cut into
 * `tracks` contiguous tracks (charWindows), each read from a zero state in `seqLength` windows with
 * the state carried over. The characters a track's windows predict are recorded in `positions`.
 * With `model` null only `positions` is computed (the layout, for scoring baselines).
 *
 * @example
 * ```ts
 * const held = evaluateHeldOut(model, corpus.ids, corpus.trainLength, { seqLength: 100, tracks: 8 });
 * Math.exp(held.crossEntropy); // perplexity per character
 * ```
 */
export function evaluateHeldOut(model: CharLM | null, ids: Int32Array, start: number, args: { seqLength: number; tracks: number }): HeldOutResult {
  const held = ids.subarray(start);
  const seqLength = Math.min(args.seqLength, Math.max(1, Math.floor((held.length - 1) / args.tracks)));
  const { batches, trackLength } = charWindows(held, { seqLength, batchSize: args.tracks });
  const positions: number[] = [];
  for (let i = 0; i < batches.length; i++) {
    for (let j = 0; j < args.tracks; j++) for (let t = 0; t < seqLength; t++) positions.push(start + j * trackLength + i * seqLength + t + 1);
  }
  if (model === null) return { crossEntropy: Number.NaN, positions: Int32Array.from(positions) };
  let state = model.zeroState(args.tracks);
  let sum = 0;
  for (const b of batches) {
    const out = tf.tidy(() => {
      const r = model.forward(tf.tensor2d(b.inputs, undefined, 'int32'), state);
      return { state: r.state, ce: tf.sum(CharLM.crossEntropy(r.logits, tf.tensor2d(b.targets, undefined, 'int32'))) };
    });
    sum += out.ce.dataSync()[0] as number;
    out.ce.dispose();
    state.dispose();
    state = out.state;
  }
  state.dispose();
  return { crossEntropy: sum / positions.length, positions: Int32Array.from(positions) };
}
