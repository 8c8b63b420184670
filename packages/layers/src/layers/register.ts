import * as tf from '@tensorflow/tfjs';
import { GRUCell } from '../cells/gru-cell.js';
import { LSTMCell } from '../cells/lstm-cell.js';
import { PeepholeLSTMCell } from '../cells/peephole-lstm-cell.js';
import { SimpleRNNCell } from '../cells/simple-rnn-cell.js';
import { Bidirectional } from './bidirectional.js';
import { RNN } from './rnn.js';

let registered = false;

/**
 * Register the rnn-ts layers and cells with `tf.serialization` so saved models (`model.json`) deserialize them.
 * Idempotent; call it once before `tf.loadLayersModel`. Class names are prefixed `RnnTs.` so tfjs' own `RNN`,
 * `GRUCell`, … stay registered as they were.
 *
 * @example
 * ```ts
 * registerLayers();
 * const model = await tf.loadLayersModel(fileSystem('./model'));
 * ```
 */
export function registerLayers(): void {
  if (registered) return;
  for (const cls of [RNN, Bidirectional, GRUCell, LSTMCell, SimpleRNNCell, PeepholeLSTMCell]) {
    tf.serialization.registerClass(cls as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>);
  }
  registered = true;
}
