import type { LSTMWeights } from '@rnn/layers';
// @rnn/layers' fused, differentiable ops (hand-written BPTT): the fast path for encoder and teacher-forced decoder.
import { gruSequence, gruStep, lstmSequence, lstmStep } from '@rnn/layers';
import * as tf from '@tensorflow/tfjs';
import type { CellType } from './config.js';

/** The weights of one recurrent layer (one direction), in the layout of @rnn/layers' functional ops. */
export interface RecurrentLayerWeights {
  /** `[inputDim, G*units]`, gates `z|r|h` (GRU, G = 3) or `i|f|c|o` (LSTM, G = 4). */
  kernel: tf.Tensor2D;
  /** `[units, G*units]`. */
  recurrentKernel: tf.Tensor2D;
  /** GRU (`resetAfter`): `[2, 3*units]` (input bias row, recurrent bias row); LSTM: `[4*units]`. */
  bias: tf.Tensor;
}

/**
 * A recurrent state: `[h]` for a GRU, `[h, c]` for an LSTM, each `[batch, units]`.
 *
 * @example
 * ```ts
 * const [h] = enc.states[0]; // GRU: [h]; LSTM: [h, c], each [batch, units]
 * ```
 */
export type CellState = tf.Tensor2D[];

/**
 * Run one recurrent layer over a whole sequence through @rnn/layers' fused path.
 * `mask` is `[batch, time]` (1 real, 0 padding: state and output are carried over padding).
 * Outputs are in input time order.
 */
export function runSequence(
  cell: CellType,
  inputs: tf.Tensor3D,
  initialState: CellState,
  w: RecurrentLayerWeights,
  options: { mask?: tf.Tensor; goBackwards?: boolean } = {},
): { outputs: tf.Tensor3D; finalState: CellState } {
  // Like Keras' RNN, the ops return a goBackwards run's outputs in processing (reversed) order; put them back in time order.
  const align = (o: tf.Tensor3D): tf.Tensor3D => (options.goBackwards ? tf.reverse(o, 1) : o);
  if (cell === 'gru') {
    const r = gruSequence(inputs, initialState[0] as tf.Tensor2D, w, { ...options, resetAfter: true });
    return { outputs: align(r.outputs), finalState: [r.finalState] };
  }
  const r = lstmSequence(inputs, [initialState[0] as tf.Tensor2D, initialState[1] as tf.Tensor2D], w as LSTMWeights, options);
  return { outputs: align(r.outputs), finalState: [r.finalState[0], r.finalState[1]] };
}

/** One recurrent step for one layer (`x` is `[batch, inputDim]`). */
export function runStep(cell: CellType, x: tf.Tensor2D, state: CellState, w: RecurrentLayerWeights): CellState {
  if (cell === 'gru') return [gruStep(x, state[0] as tf.Tensor2D, w, { resetAfter: true })];
  const [h, c] = lstmStep(x, [state[0] as tf.Tensor2D, state[1] as tf.Tensor2D], w as LSTMWeights);
  return [h, c];
}
