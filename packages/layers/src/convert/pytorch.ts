import { checkInteger, checkKnownOptions, checkOneOf, describeValue, NotImplementedError, ShapeError, ValueError } from '@rnn/core';
import * as tf from '@tensorflow/tfjs';

/**
 * Which PyTorch module a state dict comes from: `nn.GRU`, `nn.LSTM` or `nn.RNN` (tanh or relu: the
 * weights are the same).
 *
 * @example
 * ```ts
 * const cell: PyTorchCell = 'lstm';
 * ```
 */
export type PyTorchCell = 'gru' | 'lstm' | 'rnn';

/**
 * Every accepted {@link PyTorchCell}.
 *
 * @example
 * ```ts
 * PYTORCH_CELLS; // ['gru', 'lstm', 'rnn']
 * ```
 */
export const PYTORCH_CELLS: readonly PyTorchCell[] = ['gru', 'lstm', 'rnn'];

/**
 * A dense float32 array with its shape, row-major (the layout of `tensor.flatten().tolist()` in PyTorch).
 *
 * @example
 * ```ts
 * const t: PlainTensor = { values: new Float32Array([1, 2, 3, 4, 5, 6]), shape: [2, 3] };
 * ```
 */
export interface PlainTensor {
  /** The values, row-major. */
  values: Float32Array;
  /** The shape; the product of its entries equals `values.length`. */
  shape: number[];
}

/**
 * Anything the converters accept as a tensor: a {@link PlainTensor}-like `{ values, shape }` (values a
 * `number[]` or typed array), a nested `number[][]` / `number[]` (as PyTorch's `tensor.tolist()`), or a
 * `tf.Tensor` (read synchronously, not disposed).
 *
 * @example
 * ```ts
 * const a: TensorLike = [[1, 2], [3, 4]];
 * const b: TensorLike = { values: [1, 2, 3, 4], shape: [2, 2] };
 * const c: TensorLike = tf.tensor2d([[1, 2], [3, 4]]);
 * ```
 */
export type TensorLike = tf.Tensor | { values: ArrayLike<number>; shape: readonly number[] } | number[] | number[][];

/**
 * One direction of one recurrent layer in Keras layout and gate order.
 *
 * @example
 * ```ts
 * const [w] = fromPyTorch(stateDict, { cell: 'gru' });
 * const fwd: KerasRNNWeights = w.forward; // kernel [in, 3u], recurrentKernel [u, 3u], bias [2, 3u]
 * ```
 */
export interface KerasRNNWeights<T = PlainTensor> {
  /** `[inputDim, G*units]`, gates (LSTM) i,f,c,o / (GRU) z,r,h. */
  kernel: T;
  /** `[units, G*units]`, same gate order. */
  recurrentKernel: T;
  /** GRU (reset-after): `[2, 3*units]` (row 0 input bias, row 1 recurrent bias); LSTM `[4*units]`; SimpleRNN `[units]`; `null` without bias. */
  bias: T | null;
}

/**
 * The weights of one (possibly bidirectional) recurrent layer; `layer.getWeights()` order is forward then backward.
 *
 * @example
 * ```ts
 * const [w]: KerasLayerWeights[] = fromPyTorch(biGruStateDict, { cell: 'gru' });
 * w.backward?.kernel.shape; // [in, 3*units]
 * ```
 */
export interface KerasLayerWeights<T = PlainTensor> {
  /** The forward direction. */
  forward: KerasRNNWeights<T>;
  /** The backward direction, present for bidirectional layers. */
  backward?: KerasRNNWeights<T>;
}

/**
 * Options of {@link fromPyTorch} and {@link toPyTorch}.
 *
 * @example
 * ```ts
 * const args: PyTorchConvertArgs = { cell: 'lstm', numLayers: 2, bidirectional: true, prefix: 'encoder.rnn.' };
 * ```
 */
export interface PyTorchConvertArgs {
  /** The PyTorch module kind (required): `'gru'`, `'lstm'` or `'rnn'`. */
  cell: PyTorchCell;
  /** Whether the module is bidirectional (`_reverse` keys). Default: inferred from the input (fromPyTorch: any `_reverse` key; toPyTorch: any `backward`). */
  bidirectional?: boolean;
  /** Number of stacked layers (`_l0`, `_l1`, …). Default: inferred from the input. */
  numLayers?: number;
  /** Key prefix of the module inside a larger state dict, e.g. `'encoder.rnn.'`; other keys are ignored. Default: `''`. */
  prefix?: string;
}

/**
 * Defaults of the optional {@link PyTorchConvertArgs} (`numLayers` and `bidirectional` are inferred).
 *
 * @example
 * ```ts
 * PYTORCH_CONVERT_DEFAULTS.prefix; // ''
 * ```
 */
export const PYTORCH_CONVERT_DEFAULTS = { prefix: '' } as const;

const GATES: Record<PyTorchCell, number> = { gru: 3, lstm: 4, rnn: 1 };
const ARG_NAMES = ['cell', 'bidirectional', 'numLayers', 'prefix'];

/**
 * Keras block k = PyTorch block PERM[k]. GRU: PyTorch rows r,z,n, Keras columns z,r,h (swap the
 * first two blocks; the permutation is its own inverse). LSTM i,f,g,o equals Keras i,f,c,o.
 */
const PERM: Record<PyTorchCell, number[]> = { gru: [1, 0, 2], lstm: [0, 1, 2, 3], rnn: [0] };

function isNestedArray(x: unknown): x is number[] | number[][] {
  return Array.isArray(x);
}

/** Normalise a {@link TensorLike} to a float32 {@link PlainTensor} (copies). */
function toPlain(x: TensorLike, name: string): PlainTensor {
  if (x instanceof tf.Tensor) return { values: Float32Array.from(x.dataSync()), shape: [...x.shape] };
  if (isNestedArray(x)) {
    if (x.length > 0 && Array.isArray(x[0])) {
      const rows = x as number[][];
      const cols = rows[0]?.length ?? 0;
      for (const r of rows) {
        if (!Array.isArray(r) || r.length !== cols) {
          throw new ShapeError(`Expected \`${name}\` to be a rectangular 2-D array, but its rows have different lengths.`);
        }
      }
      return { values: Float32Array.from(rows.flat()), shape: [rows.length, cols] };
    }
    return { values: Float32Array.from(x as number[]), shape: [x.length] };
  }
  if (x !== null && typeof x === 'object' && 'values' in x && 'shape' in x) {
    const size = x.shape.reduce((a, b) => a * b, 1);
    if (x.values.length !== size) {
      throw new ShapeError(`Expected \`${name}\` to hold ${size} values for shape [${x.shape.join(',')}], but got ${x.values.length}.`);
    }
    return { values: Float32Array.from(x.values), shape: [...x.shape] };
  }
  throw new ValueError(`Expected \`${name}\` to be a tf.Tensor, a { values, shape } object or a nested number array, but got ${describeValue(x)}.`);
}

function checkShape(t: PlainTensor, expected: number[], name: string): void {
  if (t.shape.length !== expected.length || t.shape.some((d, i) => d !== expected[i])) {
    throw new ShapeError(`Expected \`${name}\` to have shape [${expected.join(',')}], but got [${t.shape.join(',')}].`);
  }
}

/** Transpose a `[rows, cols]` matrix and permute its `G` row-blocks into the other framework's gate order. */
function transposeBlocks(m: PlainTensor, perm: number[]): PlainTensor {
  const [rows, cols] = m.shape as [number, number];
  const units = rows / perm.length;
  const out = new Float32Array(rows * cols);
  // out[c, k*units + j] = m[perm[k]*units + j, c]
  for (let k = 0; k < perm.length; k++) {
    const src = (perm[k] as number) * units;
    for (let j = 0; j < units; j++) {
      const r = src + j;
      const dstCol = k * units + j;
      for (let c = 0; c < cols; c++) out[c * rows + dstCol] = m.values[r * cols + c] as number;
    }
  }
  return { values: out, shape: [cols, rows] };
}

/** Inverse of {@link transposeBlocks}: Keras `[in, G*u]` → PyTorch `[G*u, in]`. */
function untransposeBlocks(m: PlainTensor, perm: number[]): PlainTensor {
  const [cols, rows] = m.shape as [number, number];
  const units = rows / perm.length;
  const out = new Float32Array(rows * cols);
  for (let k = 0; k < perm.length; k++) {
    const dst = (perm[k] as number) * units;
    for (let j = 0; j < units; j++) {
      for (let c = 0; c < cols; c++) out[(dst + j) * cols + c] = m.values[c * rows + k * units + j] as number;
    }
  }
  return { values: out, shape: [rows, cols] };
}

function permuteVector(v: Float32Array, perm: number[]): Float32Array {
  const units = v.length / perm.length;
  const out = new Float32Array(v.length);
  for (let k = 0; k < perm.length; k++) out.set(v.subarray((perm[k] as number) * units, ((perm[k] as number) + 1) * units), k * units);
  return out;
}

function validateArgs(args: PyTorchConvertArgs, fn: string): void {
  if (args === null || typeof args !== 'object') {
    throw new ValueError(`Expected the options of ${fn} to be an object with a \`cell\`, but got ${describeValue(args)}.`);
  }
  checkKnownOptions(`the options of ${fn}`, args, ARG_NAMES);
  checkOneOf('cell', args.cell, PYTORCH_CELLS);
  if (args.numLayers !== undefined) checkInteger('numLayers', args.numLayers, 1);
  if (args.bidirectional !== undefined && typeof args.bidirectional !== 'boolean') {
    throw new ValueError(`Expected \`bidirectional\` to be a boolean, but got ${describeValue(args.bidirectional)}.`);
  }
}

/**
 * Convert a PyTorch `nn.GRU` / `nn.LSTM` / `nn.RNN` state dict to Keras-layout weights, one entry
 * per stacked layer, ready for `layer.setWeights(kerasWeightTensors(w))` on our `gru` / `lstm` /
 * `simpleRNN` (or their `bidirectional` wrapper).
 *
 * Layouts: PyTorch stores `weight_ih_l{k}` `[G*units, in]` and `weight_hh_l{k}` `[G*units, units]`
 * (transposed against Keras' `kernel [in, G*units]`, `recurrentKernel [units, G*units]`), gate rows
 * GRU r,z,n (Keras z,r,h: the first two blocks swap) and LSTM i,f,g,o (= Keras i,f,c,o), plus two
 * biases `bias_ih_l{k}`, `bias_hh_l{k}`. The GRU bias becomes Keras' reset-after `[2, 3*units]`
 * (row 0 input, row 1 recurrent; PyTorch's GRU *is* reset-after); LSTM and SimpleRNN biases become
 * the sum `b_ih + b_hh`. The backward direction uses the `_reverse` suffix.
 *
 * @param stateDict - `{ 'weight_ih_l0': TensorLike, … }` (e.g. from `{k: {values: v.flatten().tolist(), shape: list(v.shape)}}` in Python).
 * @param args - see {@link PyTorchConvertArgs}; `cell` is required.
 * @returns one {@link KerasLayerWeights} per layer (`_l0` first), values copied as float32.
 * @throws ValueError for a missing key, an unexpected key under `prefix` or bad options;
 *   ShapeError for inconsistent shapes; NotImplementedError for LSTM projections (`weight_hr`).
 * @example
 * ```ts
 * // torch.nn.GRU(3, 4, batch_first=True).state_dict(), serialised as { values, shape }
 * const [w] = fromPyTorch(stateDict, { cell: 'gru' });
 * w.forward.kernel.shape;           // [3, 12]
 * w.forward.bias?.shape;            // [2, 12]
 * const layer = gru({ units: 4, returnSequences: true });
 * layer.apply(tf.zeros([1, 5, 3]));           // builds the weights
 * layer.setWeights(kerasWeightTensors(w));    // now computes what the torch GRU computes
 * ```
 */
export function fromPyTorch(stateDict: Readonly<Record<string, TensorLike>>, args: PyTorchConvertArgs): KerasLayerWeights[] {
  validateArgs(args, 'fromPyTorch');
  if (stateDict === null || typeof stateDict !== 'object') {
    throw new ValueError(`Expected \`stateDict\` to be an object of named tensors, but got ${describeValue(stateDict)}.`);
  }
  const prefix = args.prefix ?? PYTORCH_CONVERT_DEFAULTS.prefix;
  const keys = Object.keys(stateDict)
    .filter((k) => k.startsWith(prefix))
    .map((k) => k.slice(prefix.length));
  if (keys.some((k) => k.startsWith('weight_hr'))) {
    throw new NotImplementedError('LSTM projections (`proj_size`, keys `weight_hr_l*`) have no Keras equivalent and are not supported.');
  }
  const layerIds = keys.map((k) => /^weight_ih_l(\d+)(_reverse)?$/.exec(k)?.[1]).filter((s): s is string => s !== undefined);
  const numLayers = args.numLayers ?? (layerIds.length === 0 ? 1 : Math.max(...layerIds.map(Number)) + 1);
  const bidirectional = args.bidirectional ?? keys.some((k) => k.endsWith('_reverse'));
  const hasBias = keys.some((k) => k.startsWith('bias_'));
  const G = GATES[args.cell];
  const perm = PERM[args.cell];

  const expected = new Set<string>();
  const get = (key: string): PlainTensor => {
    expected.add(key);
    const v = stateDict[prefix + key];
    if (v === undefined) {
      throw new ValueError(
        `Expected the state dict to hold \`${prefix}${key}\` (cell ${args.cell}, numLayers ${numLayers}, bidirectional ${bidirectional}), but it is missing.`,
      );
    }
    return toPlain(v, prefix + key);
  };

  const layers: KerasLayerWeights[] = [];
  let inputDim: number | undefined;
  for (let l = 0; l < numLayers; l++) {
    const direction = (suffix: string): KerasRNNWeights => {
      const wih = get(`weight_ih_l${l}${suffix}`);
      const whh = get(`weight_hh_l${l}${suffix}`);
      if (whh.shape.length !== 2 || (whh.shape[0] as number) !== G * (whh.shape[1] as number)) {
        throw new ShapeError(
          `Expected \`${prefix}weight_hh_l${l}${suffix}\` to have shape [${G}*units, units] for a ${args.cell}, but got [${whh.shape.join(',')}].`,
        );
      }
      const units = whh.shape[1] as number;
      const inDim = l === 0 ? (inputDim ?? (wih.shape.length === 2 ? (wih.shape[1] as number) : -1)) : units * (bidirectional ? 2 : 1);
      if (l === 0) inputDim = inDim;
      checkShape(wih, [G * units, inDim], `${prefix}weight_ih_l${l}${suffix}`);
      let bias: PlainTensor | null = null;
      if (hasBias) {
        const bih = get(`bias_ih_l${l}${suffix}`);
        const bhh = get(`bias_hh_l${l}${suffix}`);
        checkShape(bih, [G * units], `${prefix}bias_ih_l${l}${suffix}`);
        checkShape(bhh, [G * units], `${prefix}bias_hh_l${l}${suffix}`);
        if (args.cell === 'gru') {
          const values = new Float32Array(2 * G * units);
          values.set(permuteVector(bih.values, perm), 0);
          values.set(permuteVector(bhh.values, perm), G * units);
          bias = { values, shape: [2, G * units] };
        } else {
          const sum = bih.values.map((v, i) => v + (bhh.values[i] as number));
          bias = { values: permuteVector(sum, perm), shape: [G * units] };
        }
      }
      return { kernel: transposeBlocks(wih, perm), recurrentKernel: transposeBlocks(whh, perm), bias };
    };
    const forward = direction('');
    layers.push(bidirectional ? { forward, backward: direction('_reverse') } : { forward });
  }
  const unexpected = keys.filter((k) => !expected.has(k));
  if (unexpected.length > 0) {
    throw new ValueError(
      `Expected only the keys of a ${numLayers}-layer${bidirectional ? ' bidirectional' : ''} ${args.cell} under prefix ${describeValue(prefix)}, but the state dict also has ${describeValue(unexpected.map((k) => prefix + k))}.`,
    );
  }
  return layers;
}

function readLayers(weights: readonly KerasLayerWeights<TensorLike>[] | readonly TensorLike[], args: PyTorchConvertArgs): KerasLayerWeights[] {
  if (!Array.isArray(weights) || weights.length === 0) {
    throw new ValueError(`Expected \`weights\` to be a non-empty array of layer weights or tensors, but got ${describeValue(weights)}.`);
  }
  const first = weights[0];
  const structured = first !== null && typeof first === 'object' && 'forward' in (first as object);
  if (structured) {
    return (weights as readonly KerasLayerWeights<TensorLike>[]).map((w, l) => {
      const dir = (d: KerasRNNWeights<TensorLike>, name: string): KerasRNNWeights => ({
        kernel: toPlain(d.kernel, `weights[${l}].${name}.kernel`),
        recurrentKernel: toPlain(d.recurrentKernel, `weights[${l}].${name}.recurrentKernel`),
        bias: d.bias == null ? null : toPlain(d.bias, `weights[${l}].${name}.bias`),
      });
      return w.backward ? { forward: dir(w.forward, 'forward'), backward: dir(w.backward, 'backward') } : { forward: dir(w.forward, 'forward') };
    });
  }
  // A flat list as from layer.getWeights(): per layer, per direction, [kernel, recurrentKernel, (bias)].
  const flat = (weights as readonly TensorLike[]).map((t, i) => toPlain(t, `weights[${i}]`));
  const numLayers = args.numLayers ?? 1;
  const dirs = args.bidirectional ? 2 : 1;
  const per = flat.length / (numLayers * dirs);
  if (per !== 2 && per !== 3) {
    throw new ValueError(
      `Expected \`weights\` to hold 2 or 3 tensors per direction (kernel, recurrentKernel, bias) for ${numLayers} layer(s) × ${dirs} direction(s), but got ${flat.length} tensors.`,
    );
  }
  const out: KerasLayerWeights[] = [];
  let i = 0;
  const take = (): KerasRNNWeights => {
    const kernel = flat[i++] as PlainTensor;
    const recurrentKernel = flat[i++] as PlainTensor;
    const bias = per === 3 ? (flat[i++] as PlainTensor) : null;
    return { kernel, recurrentKernel, bias };
  };
  for (let l = 0; l < numLayers; l++) {
    const forward = take();
    out.push(dirs === 2 ? { forward, backward: take() } : { forward });
  }
  return out;
}

/**
 * Convert Keras-layout recurrent weights (ours, from `layer.getWeights()`, or from {@link fromPyTorch})
 * to a PyTorch `nn.GRU` / `nn.LSTM` / `nn.RNN` state dict, the inverse of {@link fromPyTorch}.
 *
 * Keras LSTM/SimpleRNN have a single bias, PyTorch two that are only ever summed: the Keras bias
 * goes to `bias_ih_l{k}` and `bias_hh_l{k}` is zero (the forward pass is identical). A GRU must be
 * reset-after (bias `[2, 3*units]`): PyTorch has no reset-before GRU.
 *
 * @param weights - one {@link KerasLayerWeights} per layer (tensor-likes accepted), or the flat
 *   tensor list of `layer.getWeights()` (per layer: forward kernel, recurrentKernel, bias, then backward).
 * @param args - see {@link PyTorchConvertArgs}; for a flat list `numLayers` (Default 1) and
 *   `bidirectional` (Default false) say how to split it.
 * @returns `{ 'weight_ih_l0': { values, shape }, … }` with `prefix` prepended to every key.
 * @throws ShapeError for inconsistent shapes or a reset-before GRU bias; ValueError for bad options.
 * @example
 * ```ts
 * const sd = toPyTorch(myGru.getWeights(), { cell: 'gru' });
 * sd.weight_ih_l0.shape;  // [12, 3]   (3*units, input) for units 4, input 3
 * // Python: gru.load_state_dict({k: torch.tensor(v['values']).reshape(v['shape']) for k, v in sd.items()})
 * ```
 */
export function toPyTorch(weights: readonly KerasLayerWeights<TensorLike>[] | readonly TensorLike[], args: PyTorchConvertArgs): Record<string, PlainTensor> {
  validateArgs(args, 'toPyTorch');
  const layers = readLayers(weights, args);
  if (args.numLayers !== undefined && layers.length !== args.numLayers) {
    throw new ValueError(`Expected ${args.numLayers} layer(s) of weights (\`numLayers\`), but got ${layers.length}.`);
  }
  const prefix = args.prefix ?? PYTORCH_CONVERT_DEFAULTS.prefix;
  const G = GATES[args.cell];
  const perm = PERM[args.cell];
  const out: Record<string, PlainTensor> = {};
  layers.forEach((layer, l) => {
    if (args.bidirectional === true && !layer.backward) {
      throw new ValueError(`Expected layer ${l} to have \`backward\` weights since \`bidirectional\` is true, but it has none.`);
    }
    const dirs: [KerasRNNWeights, string][] = [[layer.forward, '']];
    if (layer.backward && args.bidirectional !== false) dirs.push([layer.backward, '_reverse']);
    for (const [w, suffix] of dirs) {
      const where = `weights[${l}].${suffix ? 'backward' : 'forward'}`;
      const rk = w.recurrentKernel;
      if (rk.shape.length !== 2 || (rk.shape[1] as number) !== G * (rk.shape[0] as number)) {
        throw new ShapeError(`Expected \`${where}.recurrentKernel\` to have shape [units, ${G}*units] for a ${args.cell}, but got [${rk.shape.join(',')}].`);
      }
      const units = rk.shape[0] as number;
      if (w.kernel.shape.length !== 2 || w.kernel.shape[1] !== G * units) {
        throw new ShapeError(`Expected \`${where}.kernel\` to have shape [inputDim, ${G * units}], but got [${w.kernel.shape.join(',')}].`);
      }
      out[`${prefix}weight_ih_l${l}${suffix}`] = untransposeBlocks(w.kernel, perm);
      out[`${prefix}weight_hh_l${l}${suffix}`] = untransposeBlocks(rk, perm);
      if (w.bias !== null) {
        let bih: Float32Array;
        let bhh: Float32Array;
        if (args.cell === 'gru') {
          if (w.bias.shape.length !== 2 || w.bias.shape[0] !== 2 || w.bias.shape[1] !== G * units) {
            throw new ShapeError(
              `Expected \`${where}.bias\` to have the reset-after shape [2,${G * units}] (PyTorch's GRU is reset-after), but got [${w.bias.shape.join(',')}].`,
            );
          }
          bih = permuteVector(w.bias.values.subarray(0, G * units), perm);
          bhh = permuteVector(w.bias.values.subarray(G * units), perm);
        } else {
          checkShape(w.bias, [G * units], `${where}.bias`);
          bih = permuteVector(w.bias.values, perm);
          bhh = new Float32Array(G * units);
        }
        out[`${prefix}bias_ih_l${l}${suffix}`] = { values: bih, shape: [G * units] };
        out[`${prefix}bias_hh_l${l}${suffix}`] = { values: bhh, shape: [G * units] };
      }
    }
  });
  return out;
}

/**
 * The tensors of one layer's {@link KerasLayerWeights} in `getWeights()` order (forward kernel,
 * recurrentKernel, bias, then the backward ones), for `layer.setWeights(...)`. The caller owns
 * (and disposes) the returned tensors.
 *
 * @example
 * ```ts
 * const [w] = fromPyTorch(stateDict, { cell: 'lstm' });
 * const tensors = kerasWeightTensors(w);  // [kernel [in,16], recurrentKernel [4,16], bias [16]]
 * layer.setWeights(tensors);
 * tf.dispose(tensors);
 * ```
 */
export function kerasWeightTensors(weights: KerasLayerWeights): tf.Tensor[] {
  const dirs = weights.backward ? [weights.forward, weights.backward] : [weights.forward];
  const out: tf.Tensor[] = [];
  for (const d of dirs) {
    for (const t of [d.kernel, d.recurrentKernel, d.bias]) if (t !== null) out.push(tf.tensor(t.values, t.shape, 'float32'));
  }
  return out;
}
