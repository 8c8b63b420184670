import { checkOneOf } from '@rnn/core';
import * as tf from '@tensorflow/tfjs';
import { gruSequence } from '../ops/gru-sequence.js';
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
 * Arguments of {@link GRUCell}.
 *
 * @example
 * ```ts
 * const args: GRUCellArgs = { units: 32, resetAfter: false, dropout: 0.1 };
 * const cell = new GRUCell(args); // stateSize [32]
 * ```
 */
export interface GRUCellArgs extends RecurrentCellArgs {
  /** Candidate activation. Default: `'tanh'`. */
  activation?: Activation;
  /** Gate activation. Default: `'sigmoid'` (Keras 3; tfjs-layers uses `hardSigmoid`). */
  recurrentActivation?: RecurrentActivation;
  /**
   * Apply the reset gate after the recurrent matmul (Keras 3 default, PyTorch and cuDNN) with a `[2, 3*units]`
   * bias; false is Cho et al.'s original with a `[3*units]` bias. Default: true (tfjs-layers has only false).
   */
  resetAfter?: boolean;
}

/**
 * Defaults of {@link GRUCell} (Keras 3's).
 *
 * @example
 * ```ts
 * GRU_DEFAULTS.resetAfter; // true (Keras 3); GRU_DEFAULTS.recurrentActivation: 'sigmoid'
 * ```
 */
export const GRU_DEFAULTS = {
  ...RECURRENT_CELL_DEFAULTS,
  activation: 'tanh',
  recurrentActivation: 'sigmoid',
  resetAfter: true,
} as const;

/** Every option name `GRUCell` accepts (the shared ones plus its own). */
export const GRU_CELL_KEYS: readonly string[] = [...RECURRENT_CELL_KEYS, 'activation', 'recurrentActivation', 'resetAfter'];

/**
 * A gated recurrent unit (Cho et al. 2014) step, Keras 3 semantics.
 *
 * Weights (Keras layout, gate order `z | r | h`): `kernel [inputDim, 3*units]`, `recurrentKernel [units, 3*units]`,
 * `bias [2, 3*units]` with `resetAfter` (row 0 input bias, row 1 recurrent bias), else `[3*units]`.
 * ```
 * z = σ(x·Wz + h·Uz + b)   r = σ(x·Wr + h·Ur + b)
 * ĥ = tanh(x·Wh + r ⊙ (h·Uh + b'h))      (resetAfter)   or   tanh(x·Wh + (r ⊙ h)·Uh + bh)
 * h' = z ⊙ h + (1 − z) ⊙ ĥ
 * ```
 * Input `[batch, inputDim]`, state `[batch, units]`, output = new state.
 *
 * @remarks With `resetAfter: true` this is exactly PyTorch's `nn.GRU` (whose `n` is our `h`; PyTorch's row order is r, z, n).
 * @example
 * ```ts
 * const layer = rnn({ cell: new GRUCell({ units: 16 }), returnSequences: true });
 * layer.apply(tf.ones([2, 5, 3])); // [2, 5, 16]
 * ```
 */
export class GRUCell extends RecurrentCell {
  static readonly className = 'RnnTs.GRUCell';
  readonly activation: Activation;
  readonly recurrentActivation: RecurrentActivation;
  readonly resetAfter: boolean;
  readonly stateSize: number[];
  kernel: tf.LayerVariable | null = null;
  recurrentKernel: tf.LayerVariable | null = null;
  bias: tf.LayerVariable | null = null;

  constructor(args: GRUCellArgs) {
    super(args, GRU_CELL_KEYS);
    this.activation = checkOneOf('activation', args.activation ?? GRU_DEFAULTS.activation, ACTIVATIONS);
    this.recurrentActivation = checkOneOf('recurrentActivation', args.recurrentActivation ?? GRU_DEFAULTS.recurrentActivation, RECURRENT_ACTIVATIONS);
    this.resetAfter = args.resetAfter ?? GRU_DEFAULTS.resetAfter;
    this.stateSize = [this.units];
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const inputDim = shape[shape.length - 1] as number;
    const u = this.units;
    this.kernel = this.makeWeight('kernel', [inputDim, 3 * u], this.kernelInitializer);
    this.recurrentKernel = this.makeWeight('recurrent_kernel', [u, 3 * u], this.recurrentInitializer);
    if (this.useBias) this.bias = this.makeWeight('bias', this.resetAfter ? [2, 3 * u] : [3 * u], this.biasInitializer);
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: CellCallKwargs): tf.Tensor[] {
    return tf.tidy(() => {
      const [x0, h] = inputs as tf.Tensor2D[];
      const u = this.units;
      const { x, hRec } = this.dropped(x0 as tf.Tensor, h as tf.Tensor);
      const W = (this.kernel as tf.LayerVariable).read();
      const U = (this.recurrentKernel as tf.LayerVariable).read();
      const b = this.bias ? this.bias.read() : null;
      let xp = tf.matMul(x as tf.Tensor2D, W as tf.Tensor2D) as tf.Tensor;
      if (b) xp = tf.add(xp, this.resetAfter ? tf.reshape(tf.slice(b, [0, 0], [1, 3 * u]), [3 * u]) : b);
      const [xz, xr, xh] = tf.split(xp, 3, 1) as [tf.Tensor, tf.Tensor, tf.Tensor];
      const [Uz, Ur, Uh] = tf.split(U, 3, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
      let hz = tf.matMul(hRec as tf.Tensor2D, Uz) as tf.Tensor;
      let hr = tf.matMul(hRec as tf.Tensor2D, Ur) as tf.Tensor;
      let bh: tf.Tensor | null = null;
      if (b && this.resetAfter) {
        const [bz, br, bhh] = tf.split(tf.reshape(tf.slice(b, [1, 0], [1, 3 * u]), [3 * u]), 3, 0) as tf.Tensor[];
        hz = tf.add(hz, bz as tf.Tensor);
        hr = tf.add(hr, br as tf.Tensor);
        bh = bhh as tf.Tensor;
      }
      const z = activateGate(this.recurrentActivation, tf.add(xz, hz));
      const r = activateGate(this.recurrentActivation, tf.add(xr, hr));
      let cand: tf.Tensor;
      if (this.resetAfter) {
        let rec = tf.matMul(hRec as tf.Tensor2D, Uh) as tf.Tensor;
        if (bh) rec = tf.add(rec, bh);
        cand = activate(this.activation, tf.add(xh, tf.mul(r, rec)));
      } else {
        cand = activate(this.activation, tf.add(xh, tf.matMul(tf.mul(r, hRec) as tf.Tensor2D, Uh)));
      }
      const hn = tf.add(tf.mul(z, h as tf.Tensor), tf.mul(tf.sub(1, z), cand));
      return [hn, hn];
    });
  }

  override fusedSequence(inputs: tf.Tensor3D, states: tf.Tensor2D[], o: FusedSequenceArgs) {
    if (this.activation !== 'tanh' || this.recurrentActivation !== 'sigmoid') return null;
    if (o.training && this.recurrentDropout > 0) return null;
    const r = gruSequence(
      inputs,
      states[0] as tf.Tensor2D,
      {
        kernel: (this.kernel as tf.LayerVariable).read() as tf.Tensor2D,
        recurrentKernel: (this.recurrentKernel as tf.LayerVariable).read() as tf.Tensor2D,
        bias: this.bias ? this.bias.read() : undefined,
      },
      { mask: o.mask, goBackwards: o.goBackwards, resetAfter: this.resetAfter },
    );
    return { outputs: r.outputs, states: [r.finalState] };
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), activation: this.activation, recurrentActivation: this.recurrentActivation, resetAfter: this.resetAfter };
  }
}
