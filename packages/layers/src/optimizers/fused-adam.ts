import { describeValue, HeapOps, type KernelArgs, ValueError, type WasmHeapBackend, WasmHeapModule } from '@rnn/core';
import * as tf from '@tensorflow/tfjs';
import { OPTIMIZER_WASM_BASE64 } from '../ops/gate-wasm-module.js';

/** The wasm kernel that does one Adam update of one variable in a single SIMD pass. */
export const ADAM_UPDATE_KERNEL = 'RnnTsAdamUpdate';

/** The export of the generated optimizer module (see scripts/gen-gate-wasm.mjs): pointers and strides in bytes. */
interface AdamExports {
  adam(...args: number[]): void;
}

/** The generated SIMD module with the fused Adam loop, on the wasm backend's heap. */
const ADAM_MODULE = new WasmHeapModule<AdamExports>([OPTIMIZER_WASM_BASE64]);

/** Attributes of {@link ADAM_UPDATE_KERNEL}: β₁, β₂, ε, and `lr/(1−β₁ᵗ)`, `1/(1−β₂ᵗ)` at this step. */
interface AdamUpdateAttrs {
  beta1: number;
  beta2: number;
  epsilon: number;
  stepScale: number;
  vScale: number;
}

/**
 * Adam for one variable on the wasm heap: reads the value, gradient and both moments once and writes the new three,
 * where tfjs' AdamOptimizer runs twelve element-wise kernels (a heap allocation and a pass over the variable each).
 */
function adamUpdateWasm(args: KernelArgs): tf.TensorInfo[] {
  const ops = new HeapOps(args.backend as WasmHeapBackend);
  const { value, gradient, m, v } = args.inputs as Record<'value' | 'gradient' | 'm' | 'v', tf.TensorInfo>;
  const a = args.attrs as unknown as AdamUpdateAttrs;
  const outs = [value, m, v].map((t) => ops.alloc([...t.shape]));
  const scalars = ops.vector([a.beta1, 1 - a.beta1, a.beta2, 1 - a.beta2, a.stepScale, a.vScale, a.epsilon]);
  try {
    const n = value.shape.reduce((p, q) => p * q, 1);
    const s0 = ops.ptr(scalars);
    // Each pointer is followed by its row stride (one row here).
    const arrays = [...outs, value, gradient, m, v].flatMap((t) => [ops.ptr(t), 0]);
    const hyper = [0, 1, 2, 3, 4, 5, 6].flatMap((k) => [s0 + 4 * k, 0]);
    (ADAM_MODULE.exportsFor(args.backend) as AdamExports).adam(...arrays, ...hyper, 1, n);
  } finally {
    ops.free(scalars);
    ops.release();
  }
  return outs;
}

/** What tfjs' AdamOptimizer keeps (not in its public typings). */
interface AdamState {
  accumulatedFirstMoment: ({ originalName: string; variable: tf.Variable } | undefined)[];
  accumulatedSecondMoment: ({ originalName: string; variable: tf.Variable } | undefined)[];
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  beta1: number;
  beta2: number;
  epsilon: number;
  learningRate: number;
  incrementIterations(): void;
}

/**
 * β^(t+1) exactly as Adam's training builds it: starting from float32(β), `iterations` float32 multiplications by
 * float32(β) (each product of two float32s is exact in a double, so one `Math.fround` per step is the float32 `mul`).
 * tfjs' `setWeights` computes `pow(β, t+1)` instead, which differs in the last bits and makes every later step differ.
 *
 * @example
 * ```ts
 * adamBetaPower(0.9, 0); // Math.fround(0.9)
 * adamBetaPower(0.9, 2); // 0.9³ rounded to float32 after each multiplication
 * ```
 */
export function adamBetaPower(beta: number, iterations: number): number {
  const b = Math.fround(beta);
  let acc = b;
  for (let i = 0; i < iterations; i++) acc = Math.fround(acc * b);
  return acc;
}

/**
 * Put back the running products β₁^(t+1) and β₂^(t+1) of a tfjs `AdamOptimizer` (or {@link FusedAdamOptimizer}) after
 * `setWeights`, bit-equal to an optimizer that ran its `t` steps without interruption, so a resumed run continues exactly.
 *
 * @throws ValueError when `optimizer` is not tfjs' Adam (its class name is not `'Adam'`).
 * @example
 * ```ts
 * const adam = tf.train.adam(1e-3);
 * await adam.setWeights(saved);
 * restoreAdamBetaPowers(adam); // the next applyGradients equals the uninterrupted run's
 * ```
 */
export function restoreAdamBetaPowers(optimizer: tf.AdamOptimizer): void {
  // tfjs' `instanceof` accepts any optimizer (Optimizer[Symbol.hasInstance] is duck-typed): check the class name.
  if (optimizer.getClassName() !== 'Adam') {
    throw new ValueError(`Expected an Adam optimizer (class name 'Adam'), but got ${describeValue(optimizer.getClassName())}.`);
  }
  const s = optimizer as unknown as AdamState;
  tf.tidy(() => {
    s.accBeta1.assign(tf.scalar(adamBetaPower(s.beta1, optimizer.iterations)));
    s.accBeta2.assign(tf.scalar(adamBetaPower(s.beta2, optimizer.iterations)));
  });
}

/** Whether the fused kernel can run now (wasm backend with the SIMD module); registers it on first use. */
function fusedAdamAvailable(): boolean {
  if (tf.getBackend() !== 'wasm' || !ADAM_MODULE.exportsFor(tf.backend())) return false;
  if (!tf.getKernel(ADAM_UPDATE_KERNEL, 'wasm')) {
    tf.registerKernel({ kernelName: ADAM_UPDATE_KERNEL, backendName: 'wasm', kernelFunc: adamUpdateWasm as unknown as tf.KernelFunc });
  }
  return true;
}

/**
 * tfjs' Adam (`tf.train.adam`: same hyper-parameters and defaults, state, `getWeights`/`setWeights` and
 * serialisation as `'Adam'`; `setWeights` also restores β^t exactly, see {@link restoreAdamBetaPowers}) whose
 * update is one SIMD kernel per variable on the wasm backend instead of twelve element-wise kernels, like PyTorch's `Adam(fused=True)`. On other backends, or for variables that are not
 * float32, it is tfjs' own update. New values equal tfjs' to float32 rounding: the fused pass computes
 * `w − (m'·lr/(1−β₁ᵗ)) / (√(v'/(1−β₂ᵗ)) + ε)`, rounding at different points than the op-by-op form.
 *
 * @example
 * ```ts
 * import { FusedAdamOptimizer } from '@rnn/layers';
 * const optimizer = new FusedAdamOptimizer(1e-3);      // β₁ 0.9, β₂ 0.999, ε = the backend's epsilon
 * optimizer.minimize(() => loss());
 * model.compile({ optimizer, loss: 'categoricalCrossentropy' });
 * ```
 */
export class FusedAdamOptimizer extends tf.AdamOptimizer {
  constructor(learningRate = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon: number | null = null) {
    super(learningRate, beta1, beta2, epsilon as number);
  }

  /** tfjs' `setWeights`, with the running products β^(t+1) restored exactly (see {@link restoreAdamBetaPowers}). */
  override async setWeights(weightValues: Parameters<tf.AdamOptimizer['setWeights']>[0]): Promise<void> {
    await super.setWeights(weightValues);
    restoreAdamBetaPowers(this);
  }

  override applyGradients(variableGradients: Parameters<tf.AdamOptimizer['applyGradients']>[0]): void {
    const names = Array.isArray(variableGradients) ? variableGradients.map((v) => v.name) : Object.keys(variableGradients);
    const registry = tf.engine().registeredVariables;
    if (!fusedAdamAvailable() || !names.every((n) => registry[n]?.dtype === 'float32')) {
      super.applyGradients(variableGradients);
      return;
    }
    const s = this as unknown as AdamState;
    const accBeta1 = s.accBeta1.dataSync()[0] as number;
    const accBeta2 = s.accBeta2.dataSync()[0] as number;
    const attrs: AdamUpdateAttrs = {
      beta1: s.beta1,
      beta2: s.beta2,
      epsilon: s.epsilon,
      stepScale: s.learningRate / (1 - accBeta1),
      vScale: 1 / (1 - accBeta2),
    };
    tf.tidy(() => {
      names.forEach((name, i) => {
        const value = registry[name] as tf.Variable;
        s.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        s.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        const gradient = Array.isArray(variableGradients) ? (variableGradients[i] as { tensor: tf.Tensor } | undefined)?.tensor : variableGradients[name];
        if (gradient == null) return;
        const m = s.accumulatedFirstMoment[i].variable;
        const v = s.accumulatedSecondMoment[i].variable;
        const g = gradient.dtype === 'float32' ? gradient : tf.cast(gradient, 'float32');
        const [w1, m1, v1] = tf.engine().runKernel(ADAM_UPDATE_KERNEL, { value, gradient: g, m, v }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
        m.assign(m1 as tf.Tensor);
        v.assign(v1 as tf.Tensor);
        value.assign(w1 as tf.Tensor);
      });
      s.accBeta1.assign(tf.mul(s.accBeta1, s.beta1));
      s.accBeta2.assign(tf.mul(s.accBeta2, s.beta2));
    });
    s.incrementIterations();
  }
}
