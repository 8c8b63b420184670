// The GRU ops: each picks the wasm implementation (gru-wasm.ts) when the wasm sequence kernels can run, else the
// reference implementation in tf ops (gru-reference.ts). Both compute the same function and gradients.

import * as tf from '@tensorflow/tfjs';
import { gruSequenceReference, gruStepReference } from './gru-reference.js';
import { gruSequenceWasm, gruStepWasm } from './gru-wasm.js';
import { checkShape } from './sequence-plan.js';
import { tapeIsOn } from './tape.js';
import type { GRUWeights, SequenceArgs } from './types.js';
import { useWasmSequenceKernels } from './wasm/register.js';
import { STEP_KERNEL_MIN_SIZE } from './wasm/switch.js';

/**
 * Run a GRU over a whole sequence through the fused path: one input-projection matmul for all steps, a loop
 * doing only the recurrent matmul and the gate math, and a hand-written backward pass (BPTT) whose weight
 * gradients are one matmul each over the stacked steps. Differentiable w.r.t. `inputs`, `initialState` and
 * every weight (use inside `tf.grads`, `tf.variableGrads` or `optimizer.minimize`). On the wasm backend the step loop
 * is one kernel call (XNNPACK matmul and sigmoid plus a SIMD gate module on the heap), forward-only when no gradient
 * tape records, and the backward pass is one kernel call too.
 *
 * Equations (Keras semantics, gate order `z | r | h`), with `resetAfter: true` (Keras 3 default, = PyTorch/cuDNN):
 * ```
 * z = σ(x·Wz + bz + h·Uz + b'z)      r = σ(x·Wr + br + h·Ur + b'r)
 * ĥ = tanh(x·Wh + bh + r ⊙ (h·Uh + b'h))
 * h' = z ⊙ h + (1 − z) ⊙ ĥ
 * ```
 * With `resetAfter: false` (Cho et al. 2014): `ĥ = tanh(x·Wh + bh + (r ⊙ h)·Uh)` and a single bias `[3*units]`.
 *
 * @param inputs `[batch, time, inputDim]`.
 * @param initialState `[batch, units]`.
 * @param w Weights in Keras layout, see {@link GRUWeights}.
 * @param o `mask` `[batch, time]`, `goBackwards` (default false), `resetAfter` (default true).
 * @returns `outputs` `[batch, time, units]` (processing order) and `finalState` `[batch, units]`.
 * @throws ShapeError when a shape does not match.
 * @example
 * ```ts
 * const x = tf.randomNormal([2, 5, 3]) as tf.Tensor3D;
 * const w = { kernel: tf.randomNormal([3, 12]) as tf.Tensor2D, recurrentKernel: tf.randomNormal([4, 12]) as tf.Tensor2D };
 * const { outputs, finalState } = gruSequence(x, tf.zeros([2, 4]), w);
 * // outputs: [2, 5, 4], finalState: [2, 4]
 * ```
 */
export function gruSequence(
  inputs: tf.Tensor3D,
  initialState: tf.Tensor2D,
  w: GRUWeights,
  o: SequenceArgs & { resetAfter?: boolean } = {},
): { outputs: tf.Tensor3D; finalState: tf.Tensor2D } {
  const args = { mask: o.mask, goBackwards: o.goBackwards ?? false, resetAfter: o.resetAfter ?? true };
  return tf.tidy(() => {
    const wasm = useWasmSequenceKernels() && inputs.dtype === 'float32' && initialState.dtype === 'float32';
    return wasm ? gruSequenceWasm(inputs, initialState, w, args) : gruSequenceReference(inputs, initialState, w, args);
  });
}

/**
 * One GRU step, for decoding loops (differentiable). Without a gradient tape, on wasm and from
 * `STEP_KERNEL_MIN_SIZE` state elements, it runs the one-step kernel ({@link gruStepWasm}), else tf ops
 * ({@link gruStepReference}).
 *
 * @param x `[batch, inputDim]`. @param h `[batch, units]`.
 * @param w Weights in Keras layout (see {@link GRUWeights}). @param o `resetAfter` (default true).
 * @returns The new state `[batch, units]`.
 * @example
 * ```ts
 * const h1 = gruStep(tf.ones([2, 3]), tf.zeros([2, 4]), w); // [2, 4]
 * ```
 */
export function gruStep(x: tf.Tensor2D, h: tf.Tensor2D, w: GRUWeights, o: { resetAfter?: boolean } = {}): tf.Tensor2D {
  const args = { resetAfter: o.resetAfter ?? true };
  const u = w.recurrentKernel.shape[0];
  return tf.tidy(() => {
    checkShape('kernel', w.kernel, [x.shape[1], 3 * u]);
    checkShape('recurrentKernel', w.recurrentKernel, [u, 3 * u]);
    checkShape('h', h, [x.shape[0], u]);
    const wasm = h.size >= STEP_KERNEL_MIN_SIZE && useWasmSequenceKernels() && !tapeIsOn() && x.dtype === 'float32' && h.dtype === 'float32';
    return wasm ? gruStepWasm(x, h, w, args) : gruStepReference(x, h, w, args);
  });
}
