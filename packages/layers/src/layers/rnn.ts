import { checkKnownOptions, describeValue, ShapeError, ValueError } from '@rnn/core';
import * as tf from '@tensorflow/tfjs';
import { RecurrentCell } from '../cells/recurrent-cell.js';
import { runCellLoop } from './cell-loop.js';

/**
 * Layer options shared by {@link RNN} and the factories (Keras names).
 *
 * @example
 * ```ts
 * const options: RNNLayerArgs = { returnSequences: true, stateful: true, batchInputShape: [8, 20, 4] };
 * gru({ units: 32, ...options });
 * ```
 */
export interface RNNLayerArgs {
  /** Return the whole output sequence `[batch, time, units]` instead of the last output. Default: false. */
  returnSequences?: boolean;
  /** Also return the final states: the result is `[output, ...states]`. Default: false. */
  returnState?: boolean;
  /** Process the sequence backwards; outputs come in processing (reversed) order, as Keras. Default: false. */
  goBackwards?: boolean;
  /** Carry the final states of a batch over as the initial states of the next. Needs a fixed batch size. Default: false. */
  stateful?: boolean;
  /** Layer name. Default: generated. */
  name?: string;
  /** Input shape without the batch, `[time, features]` (first layer of a `tf.sequential()`). */
  inputShape?: (number | null)[];
  /** Input shape with the batch, `[batch, time, features]` (required for `stateful`). */
  batchInputShape?: (number | null)[];
  /** Batch size used with `inputShape`. */
  batchSize?: number;
  /** Whether the weights are trainable. Default: true. */
  trainable?: boolean;
}

/**
 * Arguments of {@link RNN}.
 *
 * @example
 * ```ts
 * const args: RNNArgs = { cell: new GRUCell({ units: 32 }), returnState: true };
 * const layer = new RNN(args); // apply(x) → [output, h]
 * ```
 */
export interface RNNArgs extends RNNLayerArgs {
  /** The cell run at every step. Required. */
  cell: RecurrentCell;
}

/**
 * Every option name {@link RNN} accepts: {@link RNNArgs} plus what tfjs' `RNN.getConfig()` writes
 * (`dtype`, `timeMajor`, `unroll`, `numConstants`, …), so a saved config loads back.
 */
const RNN_KEYS: readonly string[] = [
  'cell',
  'returnSequences',
  'returnState',
  'goBackwards',
  'stateful',
  'name',
  'inputShape',
  'batchInputShape',
  'batchSize',
  'trainable',
  'dtype',
  'unroll',
  'timeMajor',
  'inputDim',
  'inputLength',
  'numConstants',
  'customObjects',
];

/**
 * Defaults of {@link RNN} (Keras 3's).
 *
 * @example
 * ```ts
 * RNN_DEFAULTS.returnSequences; // false: the last output only
 * ```
 */
export const RNN_DEFAULTS = {
  returnSequences: false,
  returnState: false,
  goBackwards: false,
  stateful: false,
} as const;

/** The kwargs tfjs-layers passes to `call`. */
interface RNNCallKwargs {
  mask?: tf.Tensor | tf.Tensor[] | null;
  training?: boolean;
  initialState?: tf.Tensor[] | tf.Tensor | null;
}

interface StatefulInternals {
  states_: tf.Tensor[] | null;
  keptStates: tf.Tensor[][];
  inputSpec: { shape?: (number | null)[] }[];
}

/**
 * A recurrent layer over any {@link RecurrentCell}: runs the cell's fused whole-sequence op when it has one
 * for the configuration (GRU, LSTM, SimpleRNN with default activations and no recurrent dropout in training),
 * otherwise loops over `cell.call`. Input `[batch, time, features]`; output `[batch, units]`, or
 * `[batch, time, units]` with `returnSequences`; with `returnState`, `[output, ...finalStates]`.
 *
 * Masking (Keras semantics): from an upstream `computeMask` (e.g. `tf.layers.embedding({ maskZero: true })`) or
 * `layer.apply(x, { mask })`; a masked step carries the states through and repeats the previous output.
 * Initial states: `layer.apply(x, { initialState: [h] })` (LSTM: `[h, c]`), symbolic or concrete.
 *
 * @remarks Built on tfjs-layers' `RNN` (its `apply`, `initialState` plumbing, `resetStates` and
 * serialization), with `call` replaced. Masked steps before the first real one output zeros, as in Keras
 * (tfjs-layers outputs the initial state there).
 * @example
 * ```ts
 * const layer = new RNN({ cell: new GRUCell({ units: 8 }), returnSequences: true });
 * layer.apply(tf.ones([2, 5, 3])); // [2, 5, 8]
 * ```
 */
export class RNN extends tf.RNN {
  static override readonly className: string = 'RnnTs.RNN';

  constructor(args: RNNArgs) {
    if (args === null || typeof args !== 'object') throw new ValueError(`Expected RNN args to be an object, but got ${describeValue(args)}.`);
    checkKnownOptions('RNN args', args, RNN_KEYS);
    if (!(args.cell instanceof RecurrentCell)) {
      throw new ValueError(`Expected \`cell\` to be a RecurrentCell (GRUCell, LSTMCell, SimpleRNNCell, PeepholeLSTMCell), but got ${String(args.cell)}.`);
    }
    super({ ...args, cell: args.cell as never, unroll: false });
  }

  /** The cell (typed). */
  get recurrentCell(): RecurrentCell {
    return this.cell as unknown as RecurrentCell;
  }

  override apply(inputs: tf.Tensor | tf.Tensor[] | tf.SymbolicTensor | tf.SymbolicTensor[], kwargs?: Record<string, unknown>) {
    if (this.stateful && this.built) {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const want = (this as unknown as StatefulInternals).inputSpec[0]?.shape?.[0];
      if (x instanceof tf.Tensor && want != null && x.shape[0] !== want) {
        throw new ShapeError(
          `Layer ${this.name} is stateful with batch size ${want}, but got a batch of ${x.shape[0]} (input shape [${x.shape.join(',')}]). ` +
            'Feed batches of the same size or build a new model for another batch size.',
        );
      }
    }
    return super.apply(inputs, kwargs);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[] {
    return tf.tidy(() => {
      const kw = (kwargs ?? {}) as RNNCallKwargs;
      const list = Array.isArray(inputs) ? inputs : [inputs];
      const x = list[0] as tf.Tensor3D;
      if (x.rank !== 3) throw new ShapeError(`Expected the input of ${this.name} of rank 3 [batch, time, features], but got shape [${x.shape.join(',')}].`);
      let initial = kw.initialState ?? (list.length > 1 ? list.slice(1) : null);
      if (initial && !Array.isArray(initial)) initial = [initial];
      const mask = Array.isArray(kw.mask) ? (kw.mask[0] ?? null) : (kw.mask ?? null);
      const training = kw.training === true;
      const cell = this.recurrentCell;
      const B = x.shape[0];
      const internals = this as unknown as StatefulInternals;
      let states: tf.Tensor2D[];
      if (initial) states = initial as tf.Tensor2D[];
      else if (this.stateful && internals.states_) states = internals.states_ as tf.Tensor2D[];
      else states = cell.getInitialState(B);
      if (states.length !== cell.stateSize.length) {
        throw new ValueError(`Expected ${cell.stateSize.length} initial state(s) for ${this.name}, but got ${states.length}.`);
      }
      states.forEach((s, i) => {
        if (s.shape[0] !== B || s.shape[1] !== cell.stateSize[i]) {
          throw new ShapeError(`Expected initial state ${i} of ${this.name} of shape [${B},${cell.stateSize[i]}], but got [${s.shape.join(',')}].`);
        }
      });
      let xIn = x;
      if (training && cell.dropout > 0) {
        const keep = 1 - cell.dropout;
        const m = tf.div(tf.cast(tf.greaterEqual(tf.randomUniform([B, 1, x.shape[2]]), cell.dropout), 'float32'), keep);
        xIn = tf.mul(x, m);
      }
      let res = cell.fusedSequence(xIn, states, { mask: mask ?? undefined, goBackwards: this.goBackwards, training });
      if (!res) {
        cell.recurrentDropoutMask =
          training && cell.recurrentDropout > 0
            ? tf.div(tf.cast(tf.greaterEqual(tf.randomUniform([B, cell.units]), cell.recurrentDropout), 'float32'), 1 - cell.recurrentDropout)
            : null;
        try {
          res = runCellLoop(cell, xIn, states, mask, this.goBackwards, training);
        } finally {
          cell.recurrentDropoutMask = null;
        }
      }
      if (this.stateful) {
        const old = internals.states_;
        internals.states_ = res.states.map((s) => tf.keep(tf.clone(s)));
        if (old) for (const s of old) if (!s.isDisposed) s.dispose();
      }
      const T = res.outputs.shape[1];
      const output = this.returnSequences ? res.outputs : tf.reshape(tf.slice(res.outputs, [0, T - 1, 0], [B, 1, -1]), [B, -1]);
      return this.returnState ? [output, ...res.states] : output;
    });
  }

  /**
   * tfjs' `RNN.getConfig()` flattens the cell's config into the layer's, so a saved config carries the cell's
   * options twice; keep the layer's own keys (the cell is rebuilt from `config.cell`) before the unknown-option check.
   */
  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
    customObjects?: tf.serialization.ConfigDict,
  ): T {
    const own = Object.fromEntries(Object.entries(config).filter(([k]) => RNN_KEYS.includes(k)));
    return tf.RNN.fromConfig(cls, own, customObjects);
  }

  override getConfig(): tf.serialization.ConfigDict {
    const config = super.getConfig();
    config.cell = { className: this.recurrentCell.getClassName(), config: this.recurrentCell.getConfig() };
    delete config.unroll;
    return config;
  }
}
