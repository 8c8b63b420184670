import { FileFormatError, type SafetensorsEntry, type SafetensorsTensor, ShapeError, ValueError } from '@rnn/core';
import type { ResolvedSeq2SeqConfig } from '../model/config.js';
import type { WeightSpec } from '../model/seq2seq.js';

// The one place that knows how a Seq2Seq's weights (`weightSpecs()` names, Keras layout) correspond to the
// `state_dict()` of the PyTorch mirror `rnn_ts_torch.Seq2Seq` (python/rnn_ts_torch/model.py). Bundles store
// the PyTorch names and layouts, so Python reads them with `load_state_dict` and no table.
//
//   source_embedding / target_embedding     -> source_embedding.weight / target_embedding.weight  (same [vocab, emb])
//   encoder/l{l}/fwd|bwd/kernel             -> encoder.{l}.weight_ih_l0[_reverse]  [G·u, in]  (transposed)
//   encoder/l{l}/fwd|bwd/recurrent_kernel   -> encoder.{l}.weight_hh_l0[_reverse]  [G·u, u]
//   encoder/l{l}/fwd|bwd/bias               -> encoder.{l}.bias_ih_l0[_reverse] + bias_hh_l0[_reverse]
//   decoder/l{l}/kernel|recurrent_kernel    -> decoder.weight_ih_l{l} / decoder.weight_hh_l{l}
//   decoder/l{l}/bias                       -> decoder.bias_ih_l{l} + decoder.bias_hh_l{l}
//   attention/W|W1|W2|Wc                    -> attention.W|W1|W2|Wc.weight  (nn.Linear without bias: transposed)
//   attention/v                             -> attention.v
//   output/kernel, output/bias              -> output.weight (transposed), output.bias; tied: output_bias
//
// Gates: our GRU columns are z|r|h, PyTorch's rows r|z|n; our GRU bias is [2, 3u] (input row, recurrent
// row), PyTorch's bias_ih/bias_hh. LSTM gates are i|f|c|o in both; our single LSTM bias is written as
// bias_ih (bias_hh = 0) and read back as bias_ih + bias_hh. Each encoder layer is its own one-layer
// (possibly bidirectional) nn.GRU/nn.LSTM because the two directions are summed, not concatenated.

/** PyTorch gate g -> our gate block. */
const GRU_GATES = [1, 0, 2];
const LSTM_GATES = [0, 1, 2, 3];

interface Rule {
  /** PyTorch names this weight becomes (two for a recurrent bias). */
  names: string[];
  toTorch(data: Float32Array, shape: number[]): { shape: number[]; data: Float32Array }[];
  fromTorch(parts: Float32Array[], shape: number[]): Float32Array;
}

/**
 * Moves a Keras `[rows, cols]` gate-blocked matrix to PyTorch's transposed `[cols, rows]` layout with the gate
 * blocks reordered by `perm` (`inverse` false), or back (`inverse` true).
 */
function permuteMatrix(data: Float32Array, rows: number, cols: number, perm: readonly number[], inverse: boolean): Float32Array {
  const u = cols / perm.length;
  const out = new Float32Array(rows * cols);
  perm.forEach((src, g) => {
    for (let j = 0; j < u; j++) {
      const oc = g * u + j;
      const sc = src * u + j;
      for (let r = 0; r < rows; r++) {
        if (inverse) out[r * cols + sc] = data[oc * rows + r] as number;
        else out[oc * rows + r] = data[r * cols + sc] as number;
      }
    }
  });
  return out;
}

function permuteVector(v: Float32Array, perm: readonly number[], inverse: boolean): Float32Array {
  const u = v.length / perm.length;
  const out = new Float32Array(v.length);
  perm.forEach((src, g) => {
    const from = inverse ? g : src;
    const to = inverse ? src : g;
    out.set(v.subarray(from * u, (from + 1) * u), to * u);
  });
  return out;
}

const same = (name: string): Rule => ({ names: [name], toTorch: (data, shape) => [{ shape, data }], fromTorch: (parts) => parts[0] as Float32Array });

function matrix(name: string, perm: readonly number[]): Rule {
  return {
    names: [name],
    toTorch: (data, [rows, cols]) => [{ shape: [cols as number, rows as number], data: permuteMatrix(data, rows as number, cols as number, perm, false) }],
    fromTorch: (parts, [rows, cols]) => permuteMatrix(parts[0] as Float32Array, rows as number, cols as number, perm, true),
  };
}

function recurrentBias(ih: string, hh: string, cell: ResolvedSeq2SeqConfig['cell']): Rule {
  if (cell === 'gru') {
    return {
      names: [ih, hh],
      toTorch: (data) => {
        const n = data.length / 2;
        return [0, 1].map((row) => ({ shape: [n], data: permuteVector(data.subarray(row * n, (row + 1) * n), GRU_GATES, false) }));
      },
      fromTorch: (parts) => {
        const n = (parts[0] as Float32Array).length;
        const out = new Float32Array(2 * n);
        parts.forEach((p, row) => {
          out.set(permuteVector(p, GRU_GATES, true), row * n);
        });
        return out;
      },
    };
  }
  return {
    names: [ih, hh],
    toTorch: (data, shape) => [
      { shape, data: data.slice() },
      { shape, data: new Float32Array(data.length) },
    ],
    fromTorch: ([a, b]) => (a as Float32Array).map((x, i) => x + ((b as Float32Array)[i] as number)),
  };
}

function ruleFor(name: string, c: ResolvedSeq2SeqConfig): Rule {
  const perm = c.cell === 'gru' ? GRU_GATES : LSTM_GATES;
  if (name === 'source_embedding' || name === 'target_embedding') return same(`${name}.weight`);
  let m = /^encoder\/l(\d+)\/(fwd|bwd)\/(kernel|recurrent_kernel|bias)$/.exec(name);
  if (m) {
    const sfx = `l0${m[2] === 'bwd' ? '_reverse' : ''}`;
    const p = `encoder.${m[1]}.`;
    if (m[3] === 'bias') return recurrentBias(`${p}bias_ih_${sfx}`, `${p}bias_hh_${sfx}`, c.cell);
    return matrix(`${p}weight_${m[3] === 'kernel' ? 'ih' : 'hh'}_${sfx}`, perm);
  }
  m = /^decoder\/l(\d+)\/(kernel|recurrent_kernel|bias)$/.exec(name);
  if (m) {
    if (m[2] === 'bias') return recurrentBias(`decoder.bias_ih_l${m[1]}`, `decoder.bias_hh_l${m[1]}`, c.cell);
    return matrix(`decoder.weight_${m[2] === 'kernel' ? 'ih' : 'hh'}_l${m[1]}`, perm);
  }
  m = /^attention\/(W|W1|W2|Wc)$/.exec(name);
  if (m) return matrix(`attention.${m[1]}.weight`, [0]);
  if (name === 'attention/v') return same('attention.v');
  if (name === 'output/kernel') return matrix('output.weight', [0]);
  if (name === 'output/bias') return same(c.tiedEmbeddings ? 'output_bias' : 'output.bias');
  throw new ValueError(`Seq2Seq weight ${name} has no PyTorch counterpart in torch-layout.ts; add a rule for it.`);
}

/**
 * The PyTorch `state_dict()` names of a config's weights, in {@link Seq2Seq.weightSpecs} order.
 *
 * @example
 * ```ts
 * torchStateDictNames(model.config, model.weightSpecs())[0]; // 'source_embedding.weight'
 * ```
 */
export function torchStateDictNames(config: ResolvedSeq2SeqConfig, specs: readonly WeightSpec[]): string[] {
  return specs.flatMap((s) => ruleFor(s.name, config).names);
}

/**
 * Our weights (in `specs` order) as the PyTorch mirror's `state_dict()` tensors, ready for `writeSafetensors`.
 *
 * @throws ValueError when a weight's data does not match its spec.
 * @example
 * ```ts
 * const entries = toTorchLayout(model.config, model.weightSpecs(), weights.map((w) => w.dataSync() as Float32Array));
 * ```
 */
export function toTorchLayout(config: ResolvedSeq2SeqConfig, specs: readonly WeightSpec[], data: readonly Float32Array[]): SafetensorsEntry[] {
  return specs.flatMap((s, i) => {
    const d = data[i];
    const size = s.shape.reduce((a, b) => a * b, 1);
    if (!d || d.length !== size) throw new ValueError(`Expected ${size} values for weight ${s.name} [${s.shape}], but got ${d?.length ?? 'none'}.`);
    const rule = ruleFor(s.name, config);
    return rule.toTorch(d, s.shape).map((t, k) => ({ name: rule.names[k] as string, shape: t.shape, data: t.data }));
  });
}

/**
 * Our weights (in `specs` order, our layout) from the PyTorch mirror's `state_dict()` tensors.
 *
 * @param location - the file, for messages.
 * @throws FileFormatError naming `location` and the tensor when one is missing, unexpected or not a float.
 * @throws ShapeError when a tensor's shape does not fit the config.
 * @example
 * ```ts
 * model.setWeights(fromTorchLayout(model.config, model.weightSpecs(), readSafetensors(bytes).tensors, 'weights.safetensors').map((d, i) => tf.tensor(d, specs[i].shape)));
 * ```
 */
export function fromTorchLayout(
  config: ResolvedSeq2SeqConfig,
  specs: readonly WeightSpec[],
  tensors: ReadonlyMap<string, SafetensorsTensor>,
  location: string,
): Float32Array[] {
  const used = new Set<string>();
  const out = specs.map((s) => {
    const rule = ruleFor(s.name, config);
    const expected = rule.toTorch(new Float32Array(s.shape.reduce((a, b) => a * b, 1)), s.shape);
    const parts = rule.names.map((n, k) => {
      const t = tensors.get(n);
      const want = (expected[k] as { shape: number[] }).shape;
      if (!t) throw new FileFormatError(`Expected ${location} to hold ${n} [${want}] (weight ${s.name} of the bundle's config), but it is missing.`);
      if (!(t.data instanceof Float32Array)) throw new FileFormatError(`Expected ${n} in ${location} to be a float tensor, but it is ${t.dtype}.`);
      if (t.shape.length !== want.length || t.shape.some((d, j) => d !== want[j])) {
        throw new ShapeError(`Expected ${n} in ${location} to have shape [${want}] for the bundle's config, but got [${t.shape}].`);
      }
      used.add(n);
      return t.data;
    });
    return rule.fromTorch(parts, s.shape);
  });
  const extra = [...tensors.keys()].filter((n) => !used.has(n));
  if (extra.length > 0)
    throw new FileFormatError(
      `Expected ${location} to hold only the weights of the bundle's config, but it also has ${extra.slice(0, 5).join(', ')}${extra.length > 5 ? ', …' : ''}.`,
    );
  return out;
}
