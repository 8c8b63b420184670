import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NotImplementedError, ShapeError, setupBackend, ValueError } from '@rnn/core/node';
import * as tf from '@tensorflow/tfjs';
import { bidirectional, type GRUWeights, gru, gruSequence, type LSTMWeights, lstmSequence } from '../index.js';
import { fromPyTorch, type KerasLayerWeights, type KerasRNNWeights, kerasWeightTensors, type PyTorchCell, toPyTorch } from './pytorch.js';

const here = dirname(fileURLToPath(import.meta.url));

interface TorchCase {
  state_dict: Record<string, { values: number[]; shape: number[] }>;
  x: number[][][];
  output: number[][][];
  h_n: number[][][];
  c_n?: number[][][];
}
const fixture = JSON.parse(readFileSync(join(here, '../../test/fixtures/torch-convert.json'), 'utf8')) as {
  cases: Record<'gru' | 'lstm' | 'rnn' | 'bigru' | 'lstm2', TorchCase>;
};

// ---------------------------------------------------------------------------------------------
// A float64 reference forward pass written from the Keras equations, on Keras-layout weights
// (independent of the library's fused ops). x: [batch][time][in]. Returns outputs [b][t][units]
// and the last state(s).
//   GRU (reset_after):  z = σ(x Wz + bz + h Uz + rz)   r = σ(x Wr + br + h Ur + rr)
//                       hh = tanh(x Wh + bh + r ⊙ (h Uh + rh))   h' = z ⊙ h + (1 - z) ⊙ hh
//   LSTM: i,f,c̃,o = σ,σ,tanh,σ(x W + h U + b);  c' = f c + i c̃;  h' = o tanh(c')
//   SimpleRNN: h' = tanh(x W + h U + b)
// ---------------------------------------------------------------------------------------------
const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

function matCol(m: KerasRNNWeights['kernel'], vec: number[], col: number): number {
  const cols = m.shape[1] as number;
  let s = 0;
  for (let i = 0; i < vec.length; i++) s += (vec[i] as number) * (m.values[i * cols + col] as number);
  return s;
}

function referenceForward(cell: PyTorchCell, w: KerasRNNWeights, x: number[][][], reverse = false): { out: number[][][]; h: number[][]; c: number[][] } {
  const units = w.recurrentKernel.shape[0] as number;
  const out: number[][][] = [];
  const hs: number[][] = [];
  const cs: number[][] = [];
  for (const seq of x) {
    let h = new Array<number>(units).fill(0);
    let c = new Array<number>(units).fill(0);
    const steps: number[][] = new Array(seq.length);
    const order = seq.map((_, t) => t);
    if (reverse) order.reverse();
    for (const t of order) {
      const xt = seq[t] as number[];
      const b = (k: number, row = 0): number => (w.bias ? (w.bias.values[row * w.recurrentKernel.shape[1]! + k] as number) : 0);
      const nh = new Array<number>(units);
      const nc = new Array<number>(units);
      for (let j = 0; j < units; j++) {
        if (cell === 'gru') {
          const xz = matCol(w.kernel, xt, j) + b(j);
          const xr = matCol(w.kernel, xt, units + j) + b(units + j);
          const xh = matCol(w.kernel, xt, 2 * units + j) + b(2 * units + j);
          const hz = matCol(w.recurrentKernel, h, j) + b(j, 1);
          const hr = matCol(w.recurrentKernel, h, units + j) + b(units + j, 1);
          const hh = matCol(w.recurrentKernel, h, 2 * units + j) + b(2 * units + j, 1);
          const z = sigmoid(xz + hz);
          const r = sigmoid(xr + hr);
          const cand = Math.tanh(xh + r * hh);
          nh[j] = z * (h[j] as number) + (1 - z) * cand;
        } else if (cell === 'lstm') {
          const g = (k: number): number => matCol(w.kernel, xt, k * units + j) + matCol(w.recurrentKernel, h, k * units + j) + b(k * units + j);
          const i = sigmoid(g(0));
          const f = sigmoid(g(1));
          const cc = Math.tanh(g(2));
          const o = sigmoid(g(3));
          nc[j] = f * (c[j] as number) + i * cc;
          nh[j] = o * Math.tanh(nc[j] as number);
        } else {
          nh[j] = Math.tanh(matCol(w.kernel, xt, j) + matCol(w.recurrentKernel, h, j) + b(j));
        }
      }
      h = nh;
      if (cell === 'lstm') c = nc;
      steps[t] = h;
    }
    out.push(steps);
    hs.push(h);
    cs.push(c);
  }
  return { out, h: hs, c: cs };
}

function maxAbsDiff(a: number[][][], b: number[][][]): number {
  const fa = a.flat(2);
  const fb = b.flat(2);
  expect(fa.length).toBe(fb.length);
  return Math.max(...fa.map((v, i) => Math.abs(v - (fb[i] as number))));
}

beforeAll(async () => {
  await setupBackend({ backend: 'cpu' });
});

describe('fromPyTorch', () => {
  it('converts a GRU to Keras layout (z,r,h columns, reset-after bias [2, 3u])', () => {
    const [w] = fromPyTorch(fixture.cases.gru.state_dict, { cell: 'gru' });
    expect(w?.backward).toBeUndefined();
    expect(w?.forward.kernel.shape).toEqual([3, 12]);
    expect(w?.forward.recurrentKernel.shape).toEqual([4, 12]);
    expect(w?.forward.bias?.shape).toEqual([2, 12]);
    // Keras kernel[i, z-block j] = torch weight_ih[u + j, i] (torch rows r,z,n)
    const wih = fixture.cases.gru.state_dict.weight_ih_l0;
    expect(w?.forward.kernel.values[2 * 12 + 1]).toBeCloseTo(wih?.values[(4 + 1) * 3 + 2] as number, 6);
    // r block of Keras = torch rows 0..u-1
    expect(w?.forward.kernel.values[0 * 12 + 4 + 3]).toBeCloseTo(wih?.values[3 * 3 + 0] as number, 6);
    // bias row 1 (recurrent), z block = torch bias_hh[u..2u)
    expect(w?.forward.bias?.values[12 + 0]).toBeCloseTo(fixture.cases.gru.state_dict.bias_hh_l0?.values[4] as number, 6);
  });

  it.each([
    ['gru', 'gru'],
    ['lstm', 'lstm'],
    ['rnn', 'rnn'],
  ] as const)('reproduces torch %s outputs and h_n with the reference forward (≤ 1e-5)', (name, cell) => {
    const c = fixture.cases[name];
    const [w] = fromPyTorch(c.state_dict, { cell });
    const ref = referenceForward(cell, (w as KerasLayerWeights).forward, c.x);
    expect(maxAbsDiff(ref.out, c.output)).toBeLessThanOrEqual(1e-5);
    expect(maxAbsDiff([ref.h], c.h_n)).toBeLessThanOrEqual(1e-5);
    if (c.c_n) expect(maxAbsDiff([ref.c], c.c_n)).toBeLessThanOrEqual(1e-5);
  });

  it('converts a bidirectional GRU (forward then backward, concatenated outputs)', () => {
    const c = fixture.cases.bigru;
    const layers = fromPyTorch(c.state_dict, { cell: 'gru' });
    expect(layers).toHaveLength(1);
    const w = layers[0] as KerasLayerWeights;
    expect(w.backward?.kernel.shape).toEqual([3, 12]);
    const f = referenceForward('gru', w.forward, c.x);
    const b = referenceForward('gru', w.backward as KerasRNNWeights, c.x, true);
    const out = f.out.map((seq, i) => seq.map((h, t) => [...h, ...((b.out[i] as number[][])[t] as number[])]));
    expect(maxAbsDiff(out, c.output)).toBeLessThanOrEqual(1e-5);
    expect(maxAbsDiff([f.h, b.h], c.h_n)).toBeLessThanOrEqual(1e-5);
  });

  it('converts a 2-layer LSTM (layer 1 reads layer 0 outputs)', () => {
    const c = fixture.cases.lstm2;
    const layers = fromPyTorch(c.state_dict, { cell: 'lstm', numLayers: 2 });
    expect(layers.map((l) => l.forward.kernel.shape)).toEqual([
      [3, 16],
      [4, 16],
    ]);
    const l0 = referenceForward('lstm', (layers[0] as KerasLayerWeights).forward, c.x);
    const l1 = referenceForward('lstm', (layers[1] as KerasLayerWeights).forward, l0.out);
    expect(maxAbsDiff(l1.out, c.output)).toBeLessThanOrEqual(1e-5);
    expect(maxAbsDiff([l0.h, l1.h], c.h_n)).toBeLessThanOrEqual(1e-5);
    expect(maxAbsDiff([l0.c, l1.c], c.c_n as number[][][])).toBeLessThanOrEqual(1e-5);
  });

  it('accepts tf tensors, nested arrays and a prefix', () => {
    const sd = fixture.cases.rnn.state_dict;
    const asTensors: Record<string, tf.Tensor | number[] | number[][]> = {};
    for (const [k, v] of Object.entries(sd)) {
      asTensors[`encoder.rnn.${k}`] = k.startsWith('bias') ? v.values : tf.tensor(v.values, v.shape);
    }
    asTensors['decoder.weight'] = [[1, 2]];
    const [a] = fromPyTorch(asTensors, { cell: 'rnn', prefix: 'encoder.rnn.' });
    const [b] = fromPyTorch(sd, { cell: 'rnn' });
    expect(Array.from(a?.forward.kernel.values ?? [])).toEqual(Array.from(b?.forward.kernel.values ?? []));
    expect(Array.from(a?.forward.bias?.values ?? [])).toEqual(Array.from(b?.forward.bias?.values ?? []));
    tf.dispose(Object.values(asTensors).filter((t): t is tf.Tensor => t instanceof tf.Tensor));
  });

  it('throws typed errors for missing keys, bad shapes, extra keys and projections', () => {
    const sd = { ...fixture.cases.gru.state_dict };
    expect(() => fromPyTorch(sd, { cell: 'lstm' })).toThrow(ShapeError);
    expect(() => fromPyTorch(sd, { cell: 'lstm' })).toThrow(/weight_hh_l0.*\[4\*units, units\] for a lstm.*\[12,4\]/);
    expect(() => fromPyTorch(sd, { cell: 'gru', numLayers: 2 })).toThrow(/`weight_ih_l1`.*numLayers 2.*missing/);
    expect(() => fromPyTorch({ ...sd, extra: [1] }, { cell: 'gru' })).toThrow(/also has \["extra"\]/);
    expect(() => fromPyTorch(sd, { cell: 'cnn' as PyTorchCell })).toThrow(/`cell`.*"gru", "lstm", "rnn".*"cnn"/);
    expect(() => fromPyTorch(sd, { cell: 'gru', numLayers: 0 })).toThrow(/numLayers.*integer >= 1.*0/);
    expect(() => fromPyTorch(sd, { cell: 'gru', units: 4 } as never)).toThrow(/Unknown option `units`/);
    expect(() => fromPyTorch({ ...sd, weight_hr_l0: [[1]] }, { cell: 'lstm' })).toThrow(NotImplementedError);
    const bad = { ...sd, bias_ih_l0: { values: [1, 2], shape: [2] } };
    expect(() => fromPyTorch(bad, { cell: 'gru' })).toThrow(/bias_ih_l0.*shape \[12\].*\[2\]/);
    expect(() => fromPyTorch({ ...sd, bias_ih_l0: { values: [1, 2], shape: [3] } }, { cell: 'gru' })).toThrow(/hold 3 values.*got 2/);
  });
});

describe('toPyTorch', () => {
  it.each(['gru', 'bigru', 'lstm2'] as const)('round-trips the %s state dict exactly (GRU biases kept separate)', (name) => {
    const c = fixture.cases[name];
    const cell: PyTorchCell = name === 'lstm2' ? 'lstm' : 'gru';
    const keras = fromPyTorch(c.state_dict, { cell });
    const back = toPyTorch(keras, { cell });
    for (const [k, v] of Object.entries(c.state_dict)) {
      const got = back[k];
      expect(got?.shape).toEqual(v.shape);
      if (cell === 'lstm' && k.startsWith('bias')) continue; // LSTM biases are summed: checked below
      expect(Array.from(got?.values ?? [])).toEqual(Array.from(Float32Array.from(v.values)));
    }
    if (cell === 'lstm') {
      const sum = (back.bias_ih_l1?.values ?? []).map((v, i) => v + (back.bias_hh_l1?.values[i] as number));
      const want = c.state_dict.bias_ih_l1?.values.map((v, i) => v + (c.state_dict.bias_hh_l1?.values[i] as number)) ?? [];
      for (const [i, v] of sum.entries()) expect(v).toBeCloseTo(want[i] as number, 5);
      expect(Array.from(back.bias_hh_l1?.values ?? [])).toEqual(new Array(16).fill(0));
    }
    expect(Object.keys(back).sort()).toEqual(Object.keys(c.state_dict).sort());
  });

  it('accepts the flat getWeights() tensor list and round-trips Keras → PyTorch → Keras', () => {
    const [w] = fromPyTorch(fixture.cases.bigru.state_dict, { cell: 'gru' });
    const tensors = kerasWeightTensors(w as KerasLayerWeights);
    expect(tensors.map((t) => t.shape)).toEqual([
      [3, 12],
      [4, 12],
      [2, 12],
      [3, 12],
      [4, 12],
      [2, 12],
    ]);
    const sd = toPyTorch(tensors, { cell: 'gru', bidirectional: true });
    const [again] = fromPyTorch(sd, { cell: 'gru' });
    expect(Array.from(again?.backward?.recurrentKernel.values ?? [])).toEqual(Array.from(w?.backward?.recurrentKernel.values ?? []));
    expect(Array.from(again?.forward.bias?.values ?? [])).toEqual(Array.from(w?.forward.bias?.values ?? []));
    tf.dispose(tensors);
  });

  it('rejects a reset-before GRU bias and a wrong tensor count', () => {
    const k = { values: new Float32Array(3 * 6), shape: [3, 6] };
    const rk = { values: new Float32Array(2 * 6), shape: [2, 6] };
    expect(() => toPyTorch([{ forward: { kernel: k, recurrentKernel: rk, bias: { values: new Float32Array(6), shape: [6] } } }], { cell: 'gru' })).toThrow(
      /reset-after shape \[2,6\].*got \[6\]/,
    );
    expect(() => toPyTorch([k, rk, [1, 2, 3, 4], k], { cell: 'gru' })).toThrow(/2 or 3 tensors per direction.*got 4 tensors/);
    expect(() => toPyTorch([{ forward: { kernel: k, recurrentKernel: rk, bias: null } }], { cell: 'lstm' })).toThrow(
      /recurrentKernel.*\[units, 4\*units\] for a lstm.*\[2,6\]/,
    );
    const sd = toPyTorch([{ forward: { kernel: k, recurrentKernel: rk, bias: null } }], { cell: 'gru', prefix: 'rnn.' });
    expect(Object.keys(sd)).toEqual(['rnn.weight_ih_l0', 'rnn.weight_hh_l0']);
    expect(() => toPyTorch([], { cell: 'gru' })).toThrow(ValueError);
  });
});

// ---------------------------------------------------------------------------------------------
// The same parity through the library's fused ops.
// ---------------------------------------------------------------------------------------------
function fused(w: KerasRNNWeights): GRUWeights {
  const t = (p: { values: Float32Array; shape: number[] }): tf.Tensor => tf.tensor(p.values, p.shape);
  const out: GRUWeights = { kernel: t(w.kernel) as tf.Tensor2D, recurrentKernel: t(w.recurrentKernel) as tf.Tensor2D };
  if (w.bias) out.bias = t(w.bias);
  return out;
}

describe('fromPyTorch weights in the fused sequence ops', () => {
  it('gruSequence reproduces torch GRU and bidirectional GRU (≤ 1e-5)', () => {
    const run = gruSequence;
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const c = fixture.cases.gru;
      const [w] = fromPyTorch(c.state_dict, { cell: 'gru' });
      const { outputs, finalState } = run(tf.tensor3d(c.x), tf.zeros([2, 4]), fused((w as KerasLayerWeights).forward));
      expect(maxAbsDiff(outputs.arraySync(), c.output)).toBeLessThanOrEqual(1e-5);
      expect(maxAbsDiff([finalState.arraySync()], c.h_n)).toBeLessThanOrEqual(1e-5);

      const b = fixture.cases.bigru;
      const [bw] = fromPyTorch(b.state_dict, { cell: 'gru' });
      const x = tf.tensor3d(b.x);
      const f = run(x, tf.zeros([2, 4]), fused((bw as KerasLayerWeights).forward));
      const r = run(x, tf.zeros([2, 4]), fused((bw as KerasLayerWeights).backward as KerasRNNWeights), { goBackwards: true });
      // goBackwards outputs come in processing order: flip them back to align with torch.
      const both = tf.concat([f.outputs, tf.reverse(r.outputs, 1)], 2);
      expect(maxAbsDiff(both.arraySync() as number[][][], b.output)).toBeLessThanOrEqual(1e-5);
      expect(maxAbsDiff([f.finalState.arraySync(), r.finalState.arraySync()], b.h_n)).toBeLessThanOrEqual(1e-5);
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('lstmSequence reproduces torch LSTM and 2-layer LSTM (≤ 1e-5)', () => {
    const run = lstmSequence;
    tf.tidy(() => {
      const c = fixture.cases.lstm;
      const [w] = fromPyTorch(c.state_dict, { cell: 'lstm' });
      const z = (): [tf.Tensor2D, tf.Tensor2D] => [tf.zeros([2, 4]), tf.zeros([2, 4])];
      const one = run(tf.tensor3d(c.x), z(), fused((w as KerasLayerWeights).forward) as LSTMWeights);
      expect(maxAbsDiff(one.outputs.arraySync(), c.output)).toBeLessThanOrEqual(1e-5);
      expect(maxAbsDiff([one.finalState[1].arraySync()], c.c_n as number[][][])).toBeLessThanOrEqual(1e-5);

      const d = fixture.cases.lstm2;
      const layers = fromPyTorch(d.state_dict, { cell: 'lstm' });
      const l0 = run(tf.tensor3d(d.x), z(), fused((layers[0] as KerasLayerWeights).forward) as LSTMWeights);
      const l1 = run(l0.outputs, z(), fused((layers[1] as KerasLayerWeights).forward) as LSTMWeights);
      expect(maxAbsDiff(l1.outputs.arraySync(), d.output)).toBeLessThanOrEqual(1e-5);
      expect(maxAbsDiff([l0.finalState[0].arraySync(), l1.finalState[0].arraySync()], d.h_n)).toBeLessThanOrEqual(1e-5);
    });
  });
});

describe('fromPyTorch / toPyTorch with our layers', () => {
  it('a bidirectional GRU layer given torch weights reproduces torch, and its getWeights() converts back exactly', () => {
    const c = fixture.cases.bigru;
    const [w] = fromPyTorch(c.state_dict, { cell: 'gru' });
    const layer = bidirectional({ layer: gru({ units: 4, returnSequences: true }) });
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const x = tf.tensor3d(c.x);
      layer.apply(x); // builds the weights
      layer.setWeights(kerasWeightTensors(w as KerasLayerWeights));
      const y = layer.apply(x) as tf.Tensor;
      expect(maxAbsDiff(y.arraySync() as number[][][], c.output)).toBeLessThanOrEqual(1e-5);
      const back = toPyTorch(layer.getWeights(), { cell: 'gru', bidirectional: true });
      for (const [k, v] of Object.entries(c.state_dict)) {
        expect([k, Array.from(back[k]?.values ?? [])]).toEqual([k, Array.from(Float32Array.from(v.values))]);
      }
    });
    expect(tf.memory().numTensors).toBe(before + 6); // only the layer's own six weight variables remain
    layer.dispose();
  });
});
