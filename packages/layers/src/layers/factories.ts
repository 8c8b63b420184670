import { checkKnownOptions, describeValue, ValueError } from '@rnn/core';
import { GRU_CELL_KEYS, GRUCell, type GRUCellArgs } from '../cells/gru-cell.js';
import { LSTM_CELL_KEYS, LSTMCell, type LSTMCellArgs } from '../cells/lstm-cell.js';
import { PeepholeLSTMCell, type PeepholeLSTMCellArgs } from '../cells/peephole-lstm-cell.js';
import { SIMPLE_RNN_CELL_KEYS, SimpleRNNCell, type SimpleRNNCellArgs } from '../cells/simple-rnn-cell.js';
import { RNN, type RNNArgs, type RNNLayerArgs } from './rnn.js';

/**
 * Arguments of {@link gru}: the {@link GRUCellArgs} plus the {@link RNNLayerArgs}.
 *
 * @example
 * ```ts
 * const args: GRUArgs = { units: 64, returnSequences: true, resetAfter: true };
 * gru(args); // output [batch, time, 64]
 * ```
 */
export type GRUArgs = GRUCellArgs & RNNLayerArgs;
/**
 * Arguments of {@link lstm}.
 *
 * @example
 * ```ts
 * const args: LSTMArgs = { units: 64, returnState: true };
 * lstm(args); // apply(x) → [output, h, c]
 * ```
 */
export type LSTMArgs = LSTMCellArgs & RNNLayerArgs;
/**
 * Arguments of {@link simpleRNN}.
 *
 * @example
 * ```ts
 * const args: SimpleRNNArgs = { units: 16, activation: 'relu', goBackwards: true };
 * simpleRNN(args);
 * ```
 */
export type SimpleRNNArgs = SimpleRNNCellArgs & RNNLayerArgs;
/**
 * Arguments of {@link peepholeLSTM}.
 *
 * @example
 * ```ts
 * const args: PeepholeLSTMArgs = { units: 16, returnSequences: true };
 * peepholeLSTM(args); // output [batch, time, 16]
 * ```
 */
export type PeepholeLSTMArgs = PeepholeLSTMCellArgs & RNNLayerArgs;

const LAYER_KEYS = ['returnSequences', 'returnState', 'goBackwards', 'stateful', 'name', 'inputShape', 'batchInputShape', 'batchSize', 'trainable'] as const;

/**
 * Check a factory's argument bag before it is split between layer and cell: an object, with only the cell's and
 * the layer's option names, so `gru()` or `gru({ units: 4, unitz: 3 })` names the problem instead of failing deep
 * inside (or silently ignoring the typo).
 */
function checkFactoryArgs(factory: string, args: unknown, cellKeys: readonly string[]): void {
  if (args === null || typeof args !== 'object') {
    throw new ValueError(`Expected ${factory} args to be an object with at least \`units\`, but got ${describeValue(args)}.`);
  }
  const cellOwn = cellKeys.filter((k) => k !== 'customObjects'); // only tfjs' deserializer passes that one
  checkKnownOptions(`${factory} args`, args, [...cellOwn, ...LAYER_KEYS.filter((k) => !cellOwn.includes(k))]);
}

function split<T extends RNNLayerArgs>(args: T): { layer: RNNLayerArgs; cell: Omit<T, (typeof LAYER_KEYS)[number]> } {
  const layer: Record<string, unknown> = {};
  const cell: Record<string, unknown> = { ...(args as Record<string, unknown>) };
  for (const k of LAYER_KEYS) {
    if (k in cell) {
      layer[k] = cell[k];
      delete cell[k];
    }
  }
  if (args.trainable !== undefined) cell.trainable = args.trainable;
  return { layer: layer as RNNLayerArgs, cell: cell as Omit<T, (typeof LAYER_KEYS)[number]> };
}

function make(cell: RNNArgs['cell'], layer: RNNLayerArgs): RNN {
  return new RNN({ ...layer, cell });
}

/**
 * A GRU layer (Keras 3 semantics, fused fast path). See {@link GRUCell} for the equations and weight layout.
 *
 * @param args Cell args (`units`, `resetAfter`, `dropout`, …) and layer options (`returnSequences`, `stateful`, …).
 * @example
 * ```ts
 * const model = tf.sequential({ layers: [gru({ units: 32, inputShape: [10, 8] }), tf.layers.dense({ units: 1 })] });
 * model.predict(tf.ones([4, 10, 8])); // [4, 1]
 * ```
 */
export function gru(args: GRUArgs): RNN {
  checkFactoryArgs('gru', args, GRU_CELL_KEYS);
  const { layer, cell } = split(args);
  return make(new GRUCell(cell as GRUCellArgs), layer);
}

/**
 * An LSTM layer (Keras 3 semantics, fused fast path). See {@link LSTMCell}.
 *
 * @example
 * ```ts
 * const [out, h, c] = lstm({ units: 16, returnState: true }).apply(tf.ones([2, 5, 3])) as tf.Tensor[]; // [2, 16] each
 * ```
 */
export function lstm(args: LSTMArgs): RNN {
  checkFactoryArgs('lstm', args, LSTM_CELL_KEYS);
  const { layer, cell } = split(args);
  return make(new LSTMCell(cell as LSTMCellArgs), layer);
}

/**
 * A simple (Elman) RNN layer. See {@link SimpleRNNCell}.
 *
 * @example
 * ```ts
 * simpleRNN({ units: 4, returnSequences: true }).apply(tf.ones([2, 5, 3])); // [2, 5, 4]
 * ```
 */
export function simpleRNN(args: SimpleRNNArgs): RNN {
  checkFactoryArgs('simpleRNN', args, SIMPLE_RNN_CELL_KEYS);
  const { layer, cell } = split(args);
  return make(new SimpleRNNCell(cell as SimpleRNNCellArgs), layer);
}

/**
 * A peephole-LSTM layer (TF `PeepholeLSTMCell` semantics, generic per-step loop). See {@link PeepholeLSTMCell}.
 *
 * @example
 * ```ts
 * peepholeLSTM({ units: 8 }).apply(tf.ones([2, 5, 3])); // [2, 8]
 * ```
 */
export function peepholeLSTM(args: PeepholeLSTMArgs): RNN {
  checkFactoryArgs('peepholeLSTM', args, LSTM_CELL_KEYS);
  const { layer, cell } = split(args);
  return make(new PeepholeLSTMCell(cell as PeepholeLSTMCellArgs), layer);
}

/**
 * An {@link RNN} layer over a cell you built.
 *
 * @example
 * ```ts
 * rnn({ cell: new GRUCell({ units: 8, resetAfter: false }) }).apply(tf.ones([2, 5, 3])); // [2, 8]
 * ```
 */
export function rnn(args: RNNArgs): RNN {
  return new RNN(args);
}
