import * as tf from '@tensorflow/tfjs';
import { activate, activateGate } from './cell-options.js';
import { LSTM_DEFAULTS, LSTMCell, type LSTMCellArgs } from './lstm-cell.js';
import type { CellCallKwargs, FusedSequenceArgs } from './recurrent-cell.js';

/**
 * Arguments of {@link PeepholeLSTMCell} (those of {@link LSTMCell}).
 *
 * @example
 * ```ts
 * const args: PeepholeLSTMCellArgs = { units: 16 };
 * const layer = peepholeLSTM({ ...args, returnSequences: true }); // [batch, time, 16]
 * ```
 */
export type PeepholeLSTMCellArgs = LSTMCellArgs;

/**
 * Defaults of {@link PeepholeLSTMCell} (TF's `PeepholeLSTMCell`, i.e. Keras' LSTM defaults).
 *
 * @example
 * ```ts
 * PEEPHOLE_LSTM_DEFAULTS.recurrentActivation; // 'sigmoid'
 * ```
 */
export const PEEPHOLE_LSTM_DEFAULTS = { ...LSTM_DEFAULTS } as const;

/**
 * An LSTM step with peephole connections (Gers & Schmidhuber 2000), TF `PeepholeLSTMCell` semantics: the input and
 * forget gates see `c(t-1)`, the output gate sees `c(t)`, and the peephole weights are per-unit vectors.
 * ```
 * i = σ(x·Wi + h·Ui + bi + pi ⊙ c)   f = σ(x·Wf + h·Uf + bf + pf ⊙ c)   g = tanh(x·Wc + h·Uc + bc)
 * c' = f ⊙ c + i ⊙ g                 o = σ(x·Wo + h·Uo + bo + po ⊙ c')   h' = o ⊙ tanh(c')
 * ```
 * Weights: those of {@link LSTMCell}, then `inputGatePeepholeWeights`, `forgetGatePeepholeWeights`,
 * `outputGatePeepholeWeights`, each `[units]` (initialised with `kernelInitializer`, as TF does).
 *
 * @remarks Runs through the generic per-step loop (autodiff), not a fused op.
 * @example
 * ```ts
 * const layer = rnn({ cell: new PeepholeLSTMCell({ units: 8 }) });
 * layer.apply(tf.ones([2, 5, 3])); // [2, 8]
 * ```
 */
export class PeepholeLSTMCell extends LSTMCell {
  static override readonly className: string = 'RnnTs.PeepholeLSTMCell';
  inputGatePeepholeWeights: tf.LayerVariable | null = null;
  forgetGatePeepholeWeights: tf.LayerVariable | null = null;
  outputGatePeepholeWeights: tf.LayerVariable | null = null;

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    super.build(inputShape);
    this.inputGatePeepholeWeights = this.makeWeight('input_gate_peephole_weights', [this.units], this.kernelInitializer);
    this.forgetGatePeepholeWeights = this.makeWeight('forget_gate_peephole_weights', [this.units], this.kernelInitializer);
    this.outputGatePeepholeWeights = this.makeWeight('output_gate_peephole_weights', [this.units], this.kernelInitializer);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: CellCallKwargs): tf.Tensor[] {
    return tf.tidy(() => {
      const [x, h, c] = inputs as tf.Tensor[];
      const [pi, pf, pc, po] = this.preActivations(x as tf.Tensor, h as tf.Tensor) as tf.Tensor[];
      const ra = this.recurrentActivation;
      const pI = (this.inputGatePeepholeWeights as tf.LayerVariable).read();
      const pF = (this.forgetGatePeepholeWeights as tf.LayerVariable).read();
      const pO = (this.outputGatePeepholeWeights as tf.LayerVariable).read();
      const i = activateGate(ra, tf.add(pi as tf.Tensor, tf.mul(pI, c as tf.Tensor)));
      const f = activateGate(ra, tf.add(pf as tf.Tensor, tf.mul(pF, c as tf.Tensor)));
      const cn = tf.add(tf.mul(f, c as tf.Tensor), tf.mul(i, activate(this.activation, pc as tf.Tensor)));
      const o = activateGate(ra, tf.add(po as tf.Tensor, tf.mul(pO, cn)));
      const hn = tf.mul(o, activate(this.activation, cn));
      return [hn, hn, cn];
    });
  }

  override fusedSequence(_inputs: tf.Tensor3D, _states: tf.Tensor2D[], _o: FusedSequenceArgs): null {
    return null;
  }
}
