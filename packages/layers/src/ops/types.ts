import type * as tf from '@tensorflow/tfjs';

/**
 * Weights of a GRU in Keras layout. Gates are stacked along the last axis in the order `(z | r | h)`
 * (update, reset, candidate).
 *
 * - `kernel`: `[inputDim, 3*units]`
 * - `recurrentKernel`: `[units, 3*units]`
 * - `bias`: with `resetAfter: true` `[2, 3*units]` (row 0 the input bias, row 1 the recurrent bias);
 *   with `resetAfter: false` `[3*units]`. Optional.
 *
 * @example
 * ```ts
 * const w: GRUWeights = { kernel: tf.zeros([3, 12]), recurrentKernel: tf.zeros([4, 12]), bias: tf.zeros([2, 12]) }; // units 4
 * gruSequence(tf.ones([2, 5, 3]), tf.zeros([2, 4]), w).outputs.shape; // [2, 5, 4]
 * ```
 */
export interface GRUWeights {
  kernel: tf.Tensor2D;
  recurrentKernel: tf.Tensor2D;
  bias?: tf.Tensor;
}

/**
 * Weights of an LSTM in Keras layout. Gates are stacked in the order `(i | f | c | o)`.
 *
 * - `kernel`: `[inputDim, 4*units]`, `recurrentKernel`: `[units, 4*units]`, `bias`: `[4*units]` (optional).
 *
 * @example
 * ```ts
 * const w: LSTMWeights = { kernel: tf.zeros([3, 16]), recurrentKernel: tf.zeros([4, 16]), bias: tf.zeros([16]) }; // units 4
 * lstmSequence(tf.ones([2, 5, 3]), [tf.zeros([2, 4]), tf.zeros([2, 4])], w).finalState[1].shape; // [2, 4]
 * ```
 */
export interface LSTMWeights {
  kernel: tf.Tensor2D;
  recurrentKernel: tf.Tensor2D;
  bias?: tf.Tensor1D;
}

/**
 * Weights of a simple (Elman) RNN: `kernel [inputDim, units]`, `recurrentKernel [units, units]`,
 * `bias [units]` (optional).
 *
 * @example
 * ```ts
 * const w: SimpleRNNWeights = { kernel: tf.zeros([3, 4]), recurrentKernel: tf.zeros([4, 4]), bias: tf.zeros([4]) };
 * simpleRNNSequence(tf.ones([2, 5, 3]), tf.zeros([2, 4]), w).outputs.shape; // [2, 5, 4]
 * ```
 */
export interface SimpleRNNWeights {
  kernel: tf.Tensor2D;
  recurrentKernel: tf.Tensor2D;
  bias?: tf.Tensor1D;
}

/**
 * Options shared by the sequence ops.
 *
 * @example
 * ```ts
 * const o: SequenceArgs = { mask: tf.tensor2d([[1, 1, 0]]), goBackwards: true };
 * gruSequence(tf.ones([1, 3, 2]), tf.zeros([1, 4]), w, o); // step 3 carries the state through
 * ```
 */
export interface SequenceArgs {
  /**
   * `[batch, time]`, 1 (or true) for a real step, 0 for a masked one. A masked step carries the state through
   * unchanged and repeats the previous output (zeros before the first real step), as Keras does.
   * Default: no mask.
   */
  mask?: tf.Tensor;
  /**
   * Process the sequence from the last step to the first. As in Keras, `outputs` are then in processing
   * order (reversed in time). Default: false.
   */
  goBackwards?: boolean;
}

/**
 * Activations of {@link simpleRNNSequence}.
 *
 * @example
 * ```ts
 * const activation: SimpleRNNActivation = 'relu';
 * simpleRNNSequence(x, h0, w, { activation });
 * ```
 */
export type SimpleRNNActivation = 'tanh' | 'relu';
