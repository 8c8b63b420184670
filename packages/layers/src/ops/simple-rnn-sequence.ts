import { checkOneOf } from '@rnn/core';
import * as tf from '@tensorflow/tfjs';
import {
  checkShape,
  columnSums,
  fastTanh,
  fromTimeMajor,
  fusedBias,
  packOutputs,
  planSequence,
  runPackedOp,
  splitSteps,
  stepGradient,
  toTimeMajor,
  unpackGrad,
} from './sequence-plan.js';
import type { SequenceArgs, SimpleRNNActivation, SimpleRNNWeights } from './types.js';

type GradSave = (tensors: tf.Tensor[]) => void;

/**
 * The activations {@link simpleRNNSequence} accepts.
 *
 * @example
 * ```ts
 * SIMPLE_RNN_ACTIVATIONS.includes('relu'); // true
 * ```
 */
export const SIMPLE_RNN_ACTIVATIONS: readonly SimpleRNNActivation[] = ['tanh', 'relu'];

/**
 * Run a simple (Elman) RNN `h' = act(x·W + h·U + b)` over a whole sequence through the fused path.
 * Differentiable w.r.t. the inputs, the initial state and every weight.
 *
 * @param inputs `[batch, time, inputDim]`. @param initialState `[batch, units]`.
 * @param w `kernel [inputDim, units]`, `recurrentKernel [units, units]`, `bias [units]` (optional).
 * @param o `mask`, `goBackwards` (default false), `activation` `'tanh' | 'relu'` (default `'tanh'`).
 * @returns `outputs` `[batch, time, units]` and `finalState` `[batch, units]`.
 * @throws ShapeError when a shape does not match; ValueError for an unknown activation.
 * @example
 * ```ts
 * const w = { kernel: tf.randomNormal([3, 4]) as tf.Tensor2D, recurrentKernel: tf.randomNormal([4, 4]) as tf.Tensor2D };
 * const { outputs } = simpleRNNSequence(tf.ones([2, 5, 3]), tf.zeros([2, 4]), w); // [2, 5, 4]
 * ```
 */
export function simpleRNNSequence(
  inputs: tf.Tensor3D,
  initialState: tf.Tensor2D,
  w: SimpleRNNWeights,
  o: SequenceArgs & { activation?: SimpleRNNActivation } = {},
): { outputs: tf.Tensor3D; finalState: tf.Tensor2D } {
  const goBackwards = o.goBackwards ?? false;
  const activation = checkOneOf('activation', o.activation ?? 'tanh', SIMPLE_RNN_ACTIVATIONS);
  const units = w.recurrentKernel.shape[0];
  return tf.tidy(() => {
    const plan = planSequence(inputs, units, 1, w.kernel, w.recurrentKernel, o.mask, goBackwards);
    const { batch: B, time: T, order, masks, seen } = plan;
    checkShape('initialState', initialState, [B, units]);
    if (w.bias) checkShape('bias', w.bias, [units]);
    const hasBias = w.bias !== undefined;
    const act = (t: tf.Tensor2D): tf.Tensor2D => (activation === 'tanh' ? fastTanh(t) : tf.relu(t));

    const op = tf.customGrad((...args: (tf.Tensor | GradSave)[]) => {
      const save = args[args.length - 1] as GradSave;
      const x = args[0] as tf.Tensor3D;
      const h0 = args[1] as tf.Tensor2D;
      const W = args[2] as tf.Tensor2D;
      const U = args[3] as tf.Tensor2D;
      const b = hasBias ? (args[4] as tf.Tensor1D) : null;
      const xT = toTimeMajor(x);
      const xp = splitSteps(b ? (tf.fused.matMul({ a: xT, b: W, bias: fusedBias(b) }) as tf.Tensor2D) : tf.matMul(xT, W), T);
      let h = h0;
      const outs: tf.Tensor2D[] = [];
      const sA: tf.Tensor2D[] = []; // activated (unmasked) new state
      const sHP: tf.Tensor2D[] = [];
      for (let k = 0; k < T; k++) {
        const t = order[k] as number;
        const hPrev = h;
        const [hn, a] = tf.tidy(() => {
          const a = act(tf.add(xp[t] as tf.Tensor2D, tf.matMul(hPrev, U)));
          const hn = masks ? tf.add(hPrev, tf.mul(masks[k] as tf.Tensor2D, tf.sub(a, hPrev))) : a;
          return [hn, a];
        }) as [tf.Tensor2D, tf.Tensor2D];
        sA.push(a);
        sHP.push(hPrev);
        outs.push(seen ? tf.mul(seen[k] as tf.Tensor2D, hn) : hn);
        h = hn;
      }
      save([xT, W, U, ...sA, ...sHP, ...(masks ?? []), ...(seen ?? [])]);
      const value = packOutputs(outs, [h]);
      const gradFunc = (dy: tf.Tensor3D, saved: tf.Tensor[]) => {
        const sxT = saved[0] as tf.Tensor2D;
        const sW = saved[1] as tf.Tensor2D;
        const sU = saved[2] as tf.Tensor2D;
        const p = 3;
        const as = saved.slice(p, p + T) as tf.Tensor2D[];
        const hps = saved.slice(p + T, p + 2 * T) as tf.Tensor2D[];
        const gMasks = masks ? (saved.slice(p + 2 * T, p + 3 * T) as tf.Tensor2D[]) : null;
        const gSeen = seen ? (saved.slice(p + 3 * T, p + 4 * T) as tf.Tensor2D[]) : null;
        const dys = unpackGrad(dy, T + 1);
        const sUT = tf.transpose(sU); // once here rather than by every step's matMul(…, true)
        let dh = dys[T] as tf.Tensor2D;
        const dPK: tf.Tensor2D[] = new Array(T);
        const dXP: tf.Tensor2D[] = new Array(T);
        for (let k = T - 1; k >= 0; k--) {
          const t = order[k] as number;
          const res = tf.tidy(() => {
            const { dTot, m, dhn } = stepGradient(dh, dys, k, gSeen, gMasks);
            const a = as[k] as tf.Tensor2D;
            const deriv = activation === 'tanh' ? tf.sub(1, tf.square(a)) : tf.cast(tf.greater(a, 0), 'float32');
            const dPre = tf.mul(dhn, deriv);
            let dPrev: tf.Tensor2D = tf.matMul(dPre, sUT);
            if (m) dPrev = tf.add(dPrev, tf.sub(dTot, dhn));
            return [dPrev, dPre];
          }) as [tf.Tensor2D, tf.Tensor2D];
          dh = res[0];
          dPK[k] = res[1];
          dXP[t] = res[1];
        }
        const dXPAll = T === 1 ? (dXP[0] as tf.Tensor2D) : tf.concat(dXP, 0);
        const dPAll = T === 1 ? (dPK[0] as tf.Tensor2D) : tf.concat(dPK, 0);
        const hPrevAll = T === 1 ? (hps[0] as tf.Tensor2D) : tf.concat(hps, 0);
        const grads: tf.Tensor[] = [
          fromTimeMajor(tf.matMul(dXPAll, sW, false, true), T, B),
          dh,
          tf.matMul(sxT, dXPAll, true, false),
          tf.matMul(hPrevAll, dPAll, true, false),
        ];
        if (hasBias) grads.push(columnSums(dXPAll));
        return grads;
      };
      return { value, gradFunc };
    });
    const { outputs, states } = runPackedOp(op, [inputs, initialState, w.kernel, w.recurrentKernel, w.bias], T, 1);
    return { outputs, finalState: states[0] as tf.Tensor2D };
  });
}
