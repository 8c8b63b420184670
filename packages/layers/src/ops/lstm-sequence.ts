// The LSTM ops: each picks the wasm implementation (lstm-wasm.ts) when the wasm sequence kernels can run, else the
// reference implementation in tf ops (lstm-reference.ts). Both compute the same function and gradients.

import * as tf from '@tensorflow/tfjs';
import { lstmSequenceReference, lstmStepReference } from './lstm-reference.js';
import { lstmSequenceWasm, lstmStepWasm } from './lstm-wasm.js';
import { checkShape } from './sequence-plan.js';
import { tapeIsOn } from './tape.js';
import type { LSTMWeights, SequenceArgs } from './types.js';
import { useWasmSequenceKernels } from './wasm/register.js';
import { STEP_KERNEL_MIN_SIZE } from './wasm/switch.js';

/**
 * Run an LSTM over a whole sequence through the fused path (one input-projection matmul, recurrent matmul +
 * gate math per step, hand-written BPTT with one matmul each for `dW` and `dU`). Differentiable w.r.t. the
 * inputs, both initial states and every weight. On the wasm backend the step loop and the backward pass are one
 * kernel call each (XNNPACK matmul and sigmoid plus a SIMD gate module on the heap); forward-only when no gradient
 * tape records.
 *
 * Equations (Keras/PyTorch semantics, gate order `i | f | c | o`):
 * ```
 * i = σ(x·Wi + h·Ui + bi)   f = σ(x·Wf + h·Uf + bf)   g = tanh(x·Wc + h·Uc + bc)   o = σ(x·Wo + h·Uo + bo)
 * c' = f ⊙ c + i ⊙ g         h' = o ⊙ tanh(c')
 * ```
 *
 * @param inputs `[batch, time, inputDim]`.
 * @param initialState `[h0, c0]`, each `[batch, units]`.
 * @param w Weights in Keras layout, see {@link LSTMWeights}.
 * @param o `mask` `[batch, time]` and `goBackwards` (default false).
 * @returns `outputs` `[batch, time, units]` and `finalState` `[h, c]`.
 * @throws ShapeError when a shape does not match.
 * @example
 * ```ts
 * const w = { kernel: tf.randomNormal([3, 16]) as tf.Tensor2D, recurrentKernel: tf.randomNormal([4, 16]) as tf.Tensor2D };
 * const { outputs, finalState: [h, c] } = lstmSequence(tf.ones([2, 5, 3]), [tf.zeros([2, 4]), tf.zeros([2, 4])], w);
 * // outputs: [2, 5, 4], h and c: [2, 4]
 * ```
 */
export function lstmSequence(
  inputs: tf.Tensor3D,
  initialState: [tf.Tensor2D, tf.Tensor2D],
  w: LSTMWeights,
  o: SequenceArgs = {},
): { outputs: tf.Tensor3D; finalState: [tf.Tensor2D, tf.Tensor2D] } {
  const args = { mask: o.mask, goBackwards: o.goBackwards ?? false };
  return tf.tidy(() => {
    const wasm = useWasmSequenceKernels() && inputs.dtype === 'float32' && initialState[0].dtype === 'float32' && initialState[1].dtype === 'float32';
    return wasm ? lstmSequenceWasm(inputs, initialState, w, args) : lstmSequenceReference(inputs, initialState, w, args);
  });
}

/**
 * One LSTM step, for decoding loops (differentiable). Without a gradient tape, on wasm and from
 * `STEP_KERNEL_MIN_SIZE` state elements, it runs the one-step kernel ({@link lstmStepWasm}), else tf ops
 * ({@link lstmStepReference}).
 *
 * @param x `[batch, inputDim]`. @param state `[h, c]`, each `[batch, units]`.
 * @param w Weights in Keras layout (see {@link LSTMWeights}).
 * @returns The new `[h, c]`.
 * @example
 * ```ts
 * const [h1, c1] = lstmStep(tf.ones([2, 3]), [tf.zeros([2, 4]), tf.zeros([2, 4])], w); // [2, 4] each
 * ```
 */
export function lstmStep(x: tf.Tensor2D, state: [tf.Tensor2D, tf.Tensor2D], w: LSTMWeights): [tf.Tensor2D, tf.Tensor2D] {
  const u = w.recurrentKernel.shape[0];
  return tf.tidy(() => {
    checkShape('kernel', w.kernel, [x.shape[1], 4 * u]);
    checkShape('recurrentKernel', w.recurrentKernel, [u, 4 * u]);
    checkShape('state[0]', state[0], [x.shape[0], u]);
    checkShape('state[1]', state[1], [x.shape[0], u]);
    if (w.bias) checkShape('bias', w.bias, [4 * u]);
    const f32 = x.dtype === 'float32' && state[0].dtype === 'float32' && state[1].dtype === 'float32';
    const wasm = state[0].size >= STEP_KERNEL_MIN_SIZE && f32 && useWasmSequenceKernels() && !tapeIsOn();
    return wasm ? lstmStepWasm(x, state, w) : lstmStepReference(x, state, w);
  });
}
