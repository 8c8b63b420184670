// Shared set-up of the fused sequence ops: shape checks, the processing order and the mask in a per-step form.

import { ShapeError } from '@rnn/core';
import * as tf from '@tensorflow/tfjs';

/** The per-call plan of a fused sequence op. Tensors here are owned by the caller's tidy scope. */
export interface SequencePlan {
  batch: number;
  time: number;
  inputDim: number;
  /** `order[k]` is the input time index processed at step k. */
  order: number[];
  /** Per processing step k: the mask `[batch, 1]` (float32), or null without a mask. */
  masks: tf.Tensor2D[] | null;
  /** Per processing step k: 1 once a real step has been seen (steps before output zeros), `[batch, 1]`. */
  seen: tf.Tensor2D[] | null;
}

function shapeOf(t: tf.Tensor): string {
  return `[${t.shape.join(',')}]`;
}

/** Check that `t` has exactly `shape` (entries of -1 are free). */
export function checkShape(name: string, t: tf.Tensor, shape: number[]): void {
  const ok = t.shape.length === shape.length && shape.every((d, i) => d === -1 || t.shape[i] === d);
  if (!ok) {
    const want = `[${shape.map((d) => (d === -1 ? '?' : String(d))).join(',')}]`;
    throw new ShapeError(`Expected \`${name}\` of shape ${want}, but got shape ${shapeOf(t)}.`);
  }
}

/**
 * Validate the inputs of a fused sequence op (the checks of {@link planSequence}, without building the per-step
 * mask tensors).
 */
export function checkSequence(
  inputs: tf.Tensor,
  units: number,
  gates: number,
  kernel: tf.Tensor,
  recurrentKernel: tf.Tensor,
  mask: tf.Tensor | undefined,
): { batch: number; time: number; inputDim: number } {
  if (inputs.rank !== 3) {
    throw new ShapeError(`Expected \`inputs\` of rank 3 [batch, time, features], but got shape ${shapeOf(inputs)}.`);
  }
  const [batch, time, inputDim] = inputs.shape as [number, number, number];
  if (time < 1) throw new ShapeError(`Expected \`inputs\` to have at least one time step, but got shape ${shapeOf(inputs)}.`);
  checkShape('kernel', kernel, [inputDim, gates * units]);
  checkShape('recurrentKernel', recurrentKernel, [units, gates * units]);
  if (mask) checkShape('mask', mask, [batch, time]);
  return { batch, time, inputDim };
}

/**
 * Validate inputs and build the plan. Must be called inside a tidy: mask tensors it creates are not kept.
 */
export function planSequence(
  inputs: tf.Tensor,
  units: number,
  gates: number,
  kernel: tf.Tensor,
  recurrentKernel: tf.Tensor,
  mask: tf.Tensor | undefined,
  goBackwards: boolean,
): SequencePlan {
  const { batch, time, inputDim } = checkSequence(inputs, units, gates, kernel, recurrentKernel, mask);
  const order = sequenceOrder(time, goBackwards);
  if (!mask) return { batch, time, inputDim, order, masks: null, seen: null };
  let m = tf.cast(mask, 'float32') as tf.Tensor2D;
  if (goBackwards) m = tf.reverse(m, 1);
  // Processing order now. seen_k = any real step among 0..k.
  const seenAll = tf.cast(tf.greater(tf.cumsum(m, 1), 0), 'float32');
  const masks = tf.split<tf.Tensor2D>(m, time, 1);
  const seen = tf.split<tf.Tensor2D>(seenAll as tf.Tensor2D, time, 1);
  return { batch, time, inputDim, order, masks, seen };
}

/** `order[k]`: the input time index processed at step k. */
export function sequenceOrder(time: number, goBackwards: boolean): number[] {
  return Array.from({ length: time }, (_, k) => (goBackwards ? time - 1 - k : k));
}

/** Split a time-major `[time*batch, n]` tensor into `time` tensors of `[batch, n]`. */
export function splitSteps(t: tf.Tensor2D, time: number): tf.Tensor2D[] {
  return tf.split<tf.Tensor2D>(t, time, 0);
}

/** `[batch, time, n]` → time-major `[time*batch, n]`. */
export function toTimeMajor(x: tf.Tensor3D): tf.Tensor2D {
  const [b, t, n] = x.shape;
  return tf.reshape(tf.transpose(x, [1, 0, 2]), [t * b, n]);
}

/** Time-major `[time*batch, n]` → `[batch, time, n]`. */
export function fromTimeMajor(x: tf.Tensor2D, time: number, batch: number): tf.Tensor3D {
  return tf.transpose(tf.reshape(x, [time, batch, x.shape[1]]), [1, 0, 2]);
}

/** Pack per-step outputs `[batch, n]` (processing order) and extra states into `[batch, time+extra, n]`. */
export function packOutputs(outs: tf.Tensor2D[], extra: tf.Tensor2D[]): tf.Tensor3D {
  const all = [...outs, ...extra].map((t) => tf.expandDims(t, 1) as tf.Tensor3D);
  return tf.concat(all, 1);
}

/** Inverse of {@link packOutputs} for the gradient: `[batch, time+extra, n]` → `[batch, n]` pieces. */
export function unpackGrad(dy: tf.Tensor, count: number): tf.Tensor2D[] {
  const [b, c, n] = dy.shape as [number, number, number];
  return tf.split<tf.Tensor2D>(tf.reshape(dy, [b, c * n]), count, 1);
}

/** Split a packed `[batch, time+extra, n]` op result into outputs and the trailing states. */
export function unpackResult(packed: tf.Tensor3D, time: number, extra: number): { outputs: tf.Tensor3D; states: tf.Tensor2D[] } {
  const [b, , n] = packed.shape;
  const [flatOutputs, ...states] = tf.split<tf.Tensor2D>(tf.reshape(packed, [b, (time + extra) * n]), [time * n, ...Array.from({ length: extra }, () => n)], 1);
  return { outputs: tf.reshape(flatOutputs as tf.Tensor2D, [b, time, n]), states };
}

/**
 * The gradient reaching step `k` of a reference BPTT loop: `dys[k]` (zeroed where the step was not seen yet)
 * plus the carried `dh` as `dTot`, the step's mask `m` (null without a mask) and `dhn`, `dTot` masked.
 */
export function stepGradient(
  dh: tf.Tensor2D,
  dys: readonly tf.Tensor2D[],
  k: number,
  gSeen: readonly tf.Tensor2D[] | null,
  gMasks: readonly tf.Tensor2D[] | null,
): { dTot: tf.Tensor2D; m: tf.Tensor2D | null; dhn: tf.Tensor2D } {
  let dout = dys[k] as tf.Tensor2D;
  if (gSeen) dout = tf.mul(dout, gSeen[k] as tf.Tensor2D);
  const dTot = tf.add(dh, dout) as tf.Tensor2D;
  const m = gMasks ? (gMasks[k] as tf.Tensor2D) : null;
  return { dTot, m, dhn: m ? tf.mul(dTot, m) : dTot };
}

/**
 * Call a sequence op on its arguments (absent optional biases left out, the rest in order) and split its packed
 * `[batch, time + extra, units]` result with {@link unpackResult}.
 */
export function runPackedOp(
  op: (...args: tf.Tensor[]) => tf.Tensor,
  args: readonly (tf.Tensor | null | undefined)[],
  time: number,
  extra: number,
): { outputs: tf.Tensor3D; states: tf.Tensor2D[] } {
  const packed = op(...args.filter((a): a is tf.Tensor => a != null)) as tf.Tensor3D;
  return unpackResult(packed, time, extra);
}

/**
 * A fresh rank-1 copy of a bias for `tf.fused.matMul`. The wasm backend's fused kernel reads the rank from its
 * own buffer record, which a reshape (e.g. `tf.unstack`) shares with its rank-2 source, and then rejects it.
 */
export function fusedBias(b: tf.Tensor): tf.Tensor1D {
  return tf.add(tf.reshape(b, [-1]), tf.scalar(0, 'float32')) as tf.Tensor1D;
}

/**
 * Column sums of a `[rows, n]` tensor (a bias gradient) as `1ᵀ·x`. On wasm a matmul reuses the operand XNNPACK
 * already packed for the weight gradient `xᵀ·dPre`, where `tf.sum(x, 0)` transposes and reduces (and the cpu
 * backend's axis-0 sum is ~5× slower than its matmul).
 */
export function columnSums(x: tf.Tensor2D): tf.Tensor1D {
  const [rows, n] = x.shape;
  return tf.reshape(tf.matMul(tf.ones([1, rows]), x), [n]);
}

/**
 * `tanh(x)`, computed on the wasm backend as `2·σ(2x) − 1`: tfjs-backend-wasm's `Tanh` is a scalar loop (~170 µs CPU
 * for `[64, 128]`, measured) while `Sigmoid` is XNNPACK's vectorised kernel (~20 µs), so the composite is ~4× faster;
 * it agrees with `tanh` to ~1e-7 absolute and is differentiable. Small tensors and other backends use `tf.tanh`.
 */
export function fastTanh<T extends tf.Tensor>(x: T): T {
  // Below ~2k elements the three extra kernel launches cost more than the scalar loop (e.g. decoding at batch 1).
  if (tf.getBackend() !== 'wasm' || x.size < 2048) return tf.tanh(x);
  return tf.sub(tf.mul(tf.sigmoid(tf.mul(x, 2)), 2), 1);
}
