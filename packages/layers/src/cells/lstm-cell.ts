import { checkOneOf } from '@rnn/core';
import * as tf from '@tensorflow/tfjs';
import { lstmSequence } from '../ops/lstm-sequence.js';
import { ACTIVATIONS, type Activation, activate, activateGate, RECURRENT_ACTIVATIONS, type RecurrentActivation } from './cell-options.js';
import {
  type CellCallKwargs,
  type FusedSequenceArgs,
  RECURRENT_CELL_DEFAULTS,
  RECURRENT_CELL_KEYS,
  RecurrentCell,
  type RecurrentCellArgs,
} from './recurrent-cell.js';

/**
 * Arguments of {@link LSTMCell}.
 *
 * @example
 * ```ts
 * const args: LSTMCellArgs = { units: 32, unitForgetBias: false };
 * const cell = new LSTMCell(args); // stateSize [32, 32]
 * ```
 */
export interface LSTMCellArgs extends RecurrentCellArgs {
  /** Cell-input and output activation. Default: `'tanh'`. */
  activation?: Activation;
  /** Gate activation. Default: `'sigmoid'` (Keras 3; tfjs-layers uses `hardSigmoid`). */
  recurrentActivation?: RecurrentActivation;
  /** Initialise the forget-gate bias to 1 (Jozefowicz et al. 2015). Default: true. */
  unitForgetBias?: boolean;
}

/**
 * Defaults of {@link LSTMCell} (Keras 3's).
 *
 * @example
 * ```ts
 * LSTM_DEFAULTS.unitForgetBias; // true: the forget-gate bias starts at 1
 * ```
 */
export const LSTM_DEFAULTS = {
  ...RECURRENT_CELL_DEFAULTS,
  activation: 'tanh',
  recurrentActivation: 'sigmoid',
  unitForgetBias: true,
} as const;

/** Every option name `LSTMCell` and `PeepholeLSTMCell` accept (the shared ones plus its own). */
export const LSTM_CELL_KEYS: readonly string[] = [...RECURRENT_CELL_KEYS, 'activation', 'recurrentActivation', 'unitForgetBias'];

/**
 * A long short-term memory step (Hochreiter & Schmidhuber 1997, with forget gate), Keras 3 semantics.
 *
 * Weights (gate order `i | f | c | o`): `kernel [inputDim, 4*units]`, `recurrentKernel [units, 4*units]`, `bias [4*units]`.
 * ```
 * i = σ(x·Wi + h·Ui + bi)   f = σ(x·Wf + h·Uf + bf)   g = tanh(x·Wc + h·Uc + bc)   o = σ(x·Wo + h·Uo + bo)
 * c' = f ⊙ c + i ⊙ g        h' = o ⊙ tanh(c')
 * ```
 * Input `[batch, inputDim]`; states `[h, c]`, each `[batch, units]`; output `h'`.
 *
 * @remarks PyTorch's `nn.LSTM` uses the same gate order (its `g` is our `c`) and two biases whose sum is our `bias`.
 * @example
 * ```ts
 * const layer = rnn({ cell: new LSTMCell({ units: 16 }), returnState: true });
 * const [out, h, c] = layer.apply(tf.ones([2, 5, 3])) as tf.Tensor[]; // [2, 16] each
 * ```
 */
export class LSTMCell extends RecurrentCell {
  static readonly className: string = 'RnnTs.LSTMCell';
  readonly activation: Activation;
  readonly recurrentActivation: RecurrentActivation;
  readonly unitForgetBias: boolean;
  readonly stateSize: number[];
  kernel: tf.LayerVariable | null = null;
  recurrentKernel: tf.LayerVariable | null = null;
  bias: tf.LayerVariable | null = null;

  constructor(args: LSTMCellArgs) {
    super(args, LSTM_CELL_KEYS);
    this.activation = checkOneOf('activation', args.activation ?? LSTM_DEFAULTS.activation, ACTIVATIONS);
    this.recurrentActivation = checkOneOf('recurrentActivation', args.recurrentActivation ?? LSTM_DEFAULTS.recurrentActivation, RECURRENT_ACTIVATIONS);
    this.unitForgetBias = args.unitForgetBias ?? LSTM_DEFAULTS.unitForgetBias;
    this.stateSize = [this.units, this.units];
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const inputDim = shape[shape.length - 1] as number;
    const u = this.units;
    this.kernel = this.makeWeight('kernel', [inputDim, 4 * u], this.kernelInitializer);
    this.recurrentKernel = this.makeWeight('recurrent_kernel', [u, 4 * u], this.recurrentInitializer);
    if (this.useBias) {
      this.bias = this.makeWeight('bias', [4 * u], this.biasInitializer);
      if (this.unitForgetBias) {
        const b = this.bias;
        tf.tidy(() => {
          const v = b.read();
          b.write(tf.concat([tf.slice(v, [0], [u]), tf.ones([u]), tf.slice(v, [2 * u], [2 * u])]));
        });
      }
    }
    this.built = true;
  }

  /** Gate pre-activations `[i, f, c, o]` of one step (shared with the peephole cell). */
  protected preActivations(x0: tf.Tensor, h: tf.Tensor): tf.Tensor[] {
    const { x, hRec } = this.dropped(x0, h);
    let g = tf.add(
      tf.matMul(x as tf.Tensor2D, (this.kernel as tf.LayerVariable).read() as tf.Tensor2D),
      tf.matMul(hRec as tf.Tensor2D, (this.recurrentKernel as tf.LayerVariable).read() as tf.Tensor2D),
    );
    if (this.bias) g = tf.add(g, this.bias.read());
    return tf.split(g, 4, 1);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: CellCallKwargs): tf.Tensor[] {
    return tf.tidy(() => {
      const [x, h, c] = inputs as tf.Tensor[];
      const [pi, pf, pc, po] = this.preActivations(x as tf.Tensor, h as tf.Tensor) as tf.Tensor[];
      const ra = this.recurrentActivation;
      const cn = tf.add(
        tf.mul(activateGate(ra, pf as tf.Tensor), c as tf.Tensor),
        tf.mul(activateGate(ra, pi as tf.Tensor), activate(this.activation, pc as tf.Tensor)),
      );
      const hn = tf.mul(activateGate(ra, po as tf.Tensor), activate(this.activation, cn));
      return [hn, hn, cn];
    });
  }

  override fusedSequence(inputs: tf.Tensor3D, states: tf.Tensor2D[], o: FusedSequenceArgs) {
    if (this.activation !== 'tanh' || this.recurrentActivation !== 'sigmoid') return null;
    if (o.training && this.recurrentDropout > 0) return null;
    const r = lstmSequence(
      inputs,
      [states[0] as tf.Tensor2D, states[1] as tf.Tensor2D],
      {
        kernel: (this.kernel as tf.LayerVariable).read() as tf.Tensor2D,
        recurrentKernel: (this.recurrentKernel as tf.LayerVariable).read() as tf.Tensor2D,
        bias: this.bias ? (this.bias.read() as tf.Tensor1D) : undefined,
      },
      { mask: o.mask, goBackwards: o.goBackwards },
    );
    return { outputs: r.outputs, states: r.finalState };
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      activation: this.activation,
      recurrentActivation: this.recurrentActivation,
      unitForgetBias: this.unitForgetBias,
    };
  }
}
