import { checkOneOf } from '@rnn/core';
import * as tf from '@tensorflow/tfjs';
import { simpleRNNSequence } from '../ops/simple-rnn-sequence.js';
import { ACTIVATIONS, type Activation, activate } from './cell-options.js';
import {
  type CellCallKwargs,
  type FusedSequenceArgs,
  RECURRENT_CELL_DEFAULTS,
  RECURRENT_CELL_KEYS,
  RecurrentCell,
  type RecurrentCellArgs,
} from './recurrent-cell.js';

/**
 * Arguments of {@link SimpleRNNCell}.
 *
 * @example
 * ```ts
 * const args: SimpleRNNCellArgs = { units: 16, activation: 'relu' };
 * const cell = new SimpleRNNCell(args); // stateSize [16]
 * ```
 */
export interface SimpleRNNCellArgs extends RecurrentCellArgs {
  /** Activation. Default: `'tanh'`. The fused path covers `'tanh'` and `'relu'`. */
  activation?: Activation;
}

/**
 * Defaults of {@link SimpleRNNCell} (Keras 3's).
 *
 * @example
 * ```ts
 * SIMPLE_RNN_DEFAULTS.activation; // 'tanh'
 * ```
 */
export const SIMPLE_RNN_DEFAULTS = { ...RECURRENT_CELL_DEFAULTS, activation: 'tanh' } as const;

/** Every option name `SimpleRNNCell` accepts (the shared ones plus its own). */
export const SIMPLE_RNN_CELL_KEYS: readonly string[] = [...RECURRENT_CELL_KEYS, 'activation'];

/**
 * A fully-connected (Elman) recurrent step: `h' = act(x·W + h·U + b)`.
 *
 * Weights: `kernel [inputDim, units]`, `recurrentKernel [units, units]`, `bias [units]`.
 * Input `[batch, inputDim]`, state and output `[batch, units]`.
 *
 * @remarks PyTorch's `nn.RNN` has two biases (`b_ih + b_hh`); their sum is our `bias`.
 * @example
 * ```ts
 * const layer = rnn({ cell: new SimpleRNNCell({ units: 4, activation: 'relu' }) });
 * layer.apply(tf.ones([2, 5, 3])); // [2, 4]
 * ```
 */
export class SimpleRNNCell extends RecurrentCell {
  static readonly className = 'RnnTs.SimpleRNNCell';
  readonly activation: Activation;
  readonly stateSize: number[];
  kernel: tf.LayerVariable | null = null;
  recurrentKernel: tf.LayerVariable | null = null;
  bias: tf.LayerVariable | null = null;

  constructor(args: SimpleRNNCellArgs) {
    super(args, SIMPLE_RNN_CELL_KEYS);
    this.activation = checkOneOf('activation', args.activation ?? SIMPLE_RNN_DEFAULTS.activation, ACTIVATIONS);
    this.stateSize = [this.units];
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const inputDim = shape[shape.length - 1] as number;
    this.kernel = this.makeWeight('kernel', [inputDim, this.units], this.kernelInitializer);
    this.recurrentKernel = this.makeWeight('recurrent_kernel', [this.units, this.units], this.recurrentInitializer);
    if (this.useBias) this.bias = this.makeWeight('bias', [this.units], this.biasInitializer);
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: CellCallKwargs): tf.Tensor[] {
    return tf.tidy(() => {
      const [x0, h] = inputs as tf.Tensor2D[];
      const { x, hRec } = this.dropped(x0 as tf.Tensor, h as tf.Tensor);
      let p = tf.add(
        tf.matMul(x as tf.Tensor2D, (this.kernel as tf.LayerVariable).read() as tf.Tensor2D),
        tf.matMul(hRec as tf.Tensor2D, (this.recurrentKernel as tf.LayerVariable).read() as tf.Tensor2D),
      );
      if (this.bias) p = tf.add(p, this.bias.read());
      const hn = activate(this.activation, p);
      return [hn, hn];
    });
  }

  override fusedSequence(inputs: tf.Tensor3D, states: tf.Tensor2D[], o: FusedSequenceArgs) {
    if (this.activation !== 'tanh' && this.activation !== 'relu') return null;
    if (o.training && this.recurrentDropout > 0) return null;
    const r = simpleRNNSequence(
      inputs,
      states[0] as tf.Tensor2D,
      {
        kernel: (this.kernel as tf.LayerVariable).read() as tf.Tensor2D,
        recurrentKernel: (this.recurrentKernel as tf.LayerVariable).read() as tf.Tensor2D,
        bias: this.bias ? (this.bias.read() as tf.Tensor1D) : undefined,
      },
      { mask: o.mask, goBackwards: o.goBackwards, activation: this.activation },
    );
    return { outputs: r.outputs, states: [r.finalState] };
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), activation: this.activation };
  }
}
