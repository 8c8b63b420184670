// Forward values and every gradient against PyTorch 1.13 / float64 references (fixtures/gen_torch_fixtures.py).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setupBackend } from '@rnn/core/node';
import * as tf from '@tensorflow/tfjs';
import { bidirectional, gru, gruSequence, lstmSequence, PeepholeLSTMCell, RNN, simpleRNNSequence } from '../src/index.js';

type Nested = number | Nested[];
interface Case {
  name: string;
  cell: string;
  goBackwards: boolean;
  mask: number[][] | null;
  x: Nested;
  initialStates: Nested[];
  weights: Record<string, Nested | Record<string, Nested>>;
  gOut: Nested;
  gStates: Nested[];
  outputs: Nested;
  states: Nested[];
  grads: Record<string, Nested | Record<string, Nested>>;
}

const here = dirname(fileURLToPath(import.meta.url));
const fixture = JSON.parse(readFileSync(join(here, 'fixtures', 'torch-parity.json'), 'utf8')) as { cases: Case[] };
const TOL = 1e-5;

function t(v: Nested | Record<string, Nested>): tf.Tensor {
  return tf.tensor(v as number[]);
}

function expectClose(actual: tf.Tensor, expected: Nested | Record<string, Nested>, what: string): void {
  const e = t(expected);
  expect(actual.shape).toEqual(e.shape);
  // |a − e| ≤ 1e-5 · (1 + |e|): absolute for O(1) values, relative where a ReLU RNN's values grow into the
  // hundreds (float32 keeps ~7 significant digits).
  const d = tf.max(tf.div(tf.abs(tf.sub(actual, e)), tf.add(1, tf.abs(e)))).dataSync()[0] as number;
  if (!(d <= TOL)) throw new Error(`${what}: max |diff|/(1+|e|) ${d} > ${TOL}`);
}

/** loss = Σ outputs ⊙ gOut + Σ states ⊙ gStates, as in the generator. */
function projected(c: Case, outputs: tf.Tensor, states: tf.Tensor[]): tf.Scalar {
  let l = tf.sum(tf.mul(outputs, t(c.gOut)));
  states.forEach((s, i) => {
    l = tf.add(l, tf.sum(tf.mul(s, t(c.gStates[i] as Nested))));
  });
  return l as tf.Scalar;
}

beforeAll(async () => {
  await setupBackend({ backend: 'wasm' });
});

const single = fixture.cases.filter((c) => ['gru', 'lstm', 'rnn_tanh', 'rnn_relu', 'gru_v1'].includes(c.cell));

describe('fused ops equal PyTorch (forward and every gradient, ≤ 1e-5)', () => {
  it.each(single.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const x = t(c.x) as tf.Tensor3D;
      const s0 = c.initialStates.map((s) => t(s) as tf.Tensor2D);
      const W = t(c.weights.kernel as Nested) as tf.Tensor2D;
      const U = t(c.weights.recurrentKernel as Nested) as tf.Tensor2D;
      const b = t(c.weights.bias as Nested);
      const mask = c.mask ? tf.tensor2d(c.mask) : undefined;
      const o = { mask, goBackwards: c.goBackwards };
      const run = (xx: tf.Tensor, W2: tf.Tensor, U2: tf.Tensor, b2: tf.Tensor, ...ss: tf.Tensor[]): [tf.Tensor, tf.Tensor[]] => {
        const w = { kernel: W2 as tf.Tensor2D, recurrentKernel: U2 as tf.Tensor2D, bias: b2 as tf.Tensor1D };
        if (c.cell === 'lstm') {
          const r = lstmSequence(xx as tf.Tensor3D, [ss[0] as tf.Tensor2D, ss[1] as tf.Tensor2D], w, o);
          return [r.outputs, r.finalState];
        }
        if (c.cell === 'gru' || c.cell === 'gru_v1') {
          const r = gruSequence(xx as tf.Tensor3D, ss[0] as tf.Tensor2D, w, { ...o, resetAfter: c.cell === 'gru' });
          return [r.outputs, [r.finalState]];
        }
        const r = simpleRNNSequence(xx as tf.Tensor3D, ss[0] as tf.Tensor2D, w, { ...o, activation: c.cell === 'rnn_relu' ? 'relu' : 'tanh' });
        return [r.outputs, [r.finalState]];
      };
      const [out, states] = run(x, W, U, b, ...s0);
      expectClose(out, c.outputs, 'outputs');
      states.forEach((s, i) => {
        expectClose(s, c.states[i] as Nested, `state ${i}`);
      });
      const grads = tf.grads((...a: tf.Tensor[]) => {
        const [o2, s2] = run(a[0] as tf.Tensor, a[1] as tf.Tensor, a[2] as tf.Tensor, a[3] as tf.Tensor, ...a.slice(4));
        return projected(c, o2, s2);
      })([x, W, U, b, ...s0]);
      const names = ['x', 'kernel', 'recurrentKernel', 'bias', ...s0.map((_, i) => `initialState${i}`)];
      grads.forEach((g, i) => {
        expectClose(g, c.grads[names[i] as string] as Nested, `d${names[i]}`);
      });
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('2-layer LSTM (stacked ops)', () => {
    const c = fixture.cases.find((k) => k.cell === 'lstm2') as Case;
    tf.tidy(() => {
      const l0 = c.weights.layer0 as Record<string, Nested>;
      const l1 = c.weights.layer1 as Record<string, Nested>;
      const args = [
        t(c.x),
        ...c.initialStates.map(t),
        ...[l0, l1].flatMap((w) => [t(w.kernel as Nested), t(w.recurrentKernel as Nested), t(w.bias as Nested)]),
      ];
      const run = (a: tf.Tensor[]): [tf.Tensor, tf.Tensor[]] => {
        const [x, h0, c0, h1, c1, W0, U0, b0, W1, U1, b1] = a as tf.Tensor2D[];
        const r0 = lstmSequence(x as unknown as tf.Tensor3D, [h0 as tf.Tensor2D, c0 as tf.Tensor2D], {
          kernel: W0 as tf.Tensor2D,
          recurrentKernel: U0 as tf.Tensor2D,
          bias: b0 as unknown as tf.Tensor1D,
        });
        const r1 = lstmSequence(r0.outputs, [h1 as tf.Tensor2D, c1 as tf.Tensor2D], {
          kernel: W1 as tf.Tensor2D,
          recurrentKernel: U1 as tf.Tensor2D,
          bias: b1 as unknown as tf.Tensor1D,
        });
        return [r1.outputs, [...r0.finalState, ...r1.finalState]];
      };
      const [out, states] = run(args);
      expectClose(out, c.outputs, 'outputs');
      states.forEach((s, i) => {
        expectClose(s, c.states[i] as Nested, `state ${i}`);
      });
      const g = tf.grads((...a: tf.Tensor[]) => {
        const [o, s] = run(a);
        return projected(c, o, s);
      })(args);
      const hs = c.grads.h0 as Nested[];
      const cs = c.grads.c0 as Nested[];
      expectClose(g[0] as tf.Tensor, c.grads.x as Nested, 'dx');
      [hs[0], cs[0], hs[1], cs[1]].forEach((e, i) => {
        expectClose(g[1 + i] as tf.Tensor, e as Nested, `dstate${i}`);
      });
      ['layer0', 'layer1'].forEach((layer, li) => {
        const gw = c.grads[layer] as Record<string, Nested>;
        ['kernel', 'recurrentKernel', 'bias'].forEach((n, j) => {
          expectClose(g[5 + 3 * li + j] as tf.Tensor, gw[n] as Nested, `${layer} d${n}`);
        });
      });
    });
  });
});

/** Gradients of a layer's projected loss w.r.t. its input, initial states and weights (all as variables). */
function layerGrads(c: Case, layer: tf.layers.Layer, nStates: number) {
  const x = tf.variable(t(c.x));
  const s = c.initialStates.map((v) => tf.variable(t(v)));
  const vars = [x, ...s, ...layer.trainableWeights.map((w) => w.read() as tf.Variable)];
  const { value, grads } = tf.variableGrads(() => {
    const res = layer.apply(x, { initialState: s }) as tf.Tensor[];
    return projected(c, res[0] as tf.Tensor, res.slice(1, 1 + nStates));
  }, vars);
  const out = layer.apply(x, { initialState: s }) as tf.Tensor[];
  return { value, grads, vars, out, dispose: () => tf.dispose([x, ...s]) };
}

describe('layers equal the float64 references', () => {
  it.each(fixture.cases.filter((c) => c.cell === 'peephole').map((c) => [c.name, c] as const))('peephole LSTM: %s', (_n, c) => {
    const layer = new RNN({ cell: new PeepholeLSTMCell({ units: 6 }), returnSequences: true, returnState: true, goBackwards: c.goBackwards });
    tf.tidy(() => {
      layer.apply(t(c.x));
      const w = c.weights;
      layer.setWeights(['kernel', 'recurrentKernel', 'bias', 'inputGatePeephole', 'forgetGatePeephole', 'outputGatePeephole'].map((k) => t(w[k] as Nested)));
      const x = t(c.x);
      const s = c.initialStates.map(t);
      const mask = c.mask ? tf.tensor2d(c.mask) : null;
      const res = layer.apply(x, { initialState: s, mask }) as tf.Tensor[];
      expectClose(res[0] as tf.Tensor, c.outputs, 'outputs');
      expectClose(res[1] as tf.Tensor, c.states[0] as Nested, 'h');
      expectClose(res[2] as tf.Tensor, c.states[1] as Nested, 'c');
      const vars = [tf.variable(x), ...s.map((v) => tf.variable(v))];
      const weights = layer.trainableWeights.map((v) => v.read() as tf.Variable);
      const { grads } = tf.variableGrads(() => {
        const r = layer.apply(vars[0] as tf.Tensor, { initialState: vars.slice(1), mask }) as tf.Tensor[];
        return projected(c, r[0] as tf.Tensor, r.slice(1));
      }, [...vars, ...weights]);
      const names = [
        'x',
        'initialState0',
        'initialState1',
        'kernel',
        'recurrentKernel',
        'bias',
        'inputGatePeephole',
        'forgetGatePeephole',
        'outputGatePeephole',
      ];
      [...vars, ...weights].forEach((v, i) => {
        expectClose(grads[v.name] as tf.Tensor, c.grads[names[i] as string] as Nested, `d${names[i]}`);
      });
      tf.dispose(vars);
    });
  });

  it('bidirectional GRU (forward then backward weights and states)', () => {
    const c = fixture.cases.find((k) => k.cell === 'bigru') as Case;
    const layer = bidirectional({ layer: gru({ units: 6, returnSequences: true, returnState: true }) });
    tf.tidy(() => {
      layer.apply(t(c.x));
      const f = c.weights.forward as Record<string, Nested>;
      const b = c.weights.backward as Record<string, Nested>;
      layer.setWeights([f, b].flatMap((w) => [t(w.kernel as Nested), t(w.recurrentKernel as Nested), t(w.bias as Nested)]));
      const r = layerGrads(c, layer, 2);
      expectClose(r.out[0] as tf.Tensor, c.outputs, 'outputs');
      expectClose(r.out[1] as tf.Tensor, c.states[0] as Nested, 'forward h');
      expectClose(r.out[2] as tf.Tensor, c.states[1] as Nested, 'backward h');
      const expected = [
        c.grads.x,
        ...(c.grads.initialStates as Nested[]),
        ...['forward', 'backward'].flatMap((d) => ['kernel', 'recurrentKernel', 'bias'].map((n) => (c.grads[d] as Record<string, Nested>)[n])),
      ];
      r.vars.forEach((v, i) => {
        expectClose(r.grads[v.name] as tf.Tensor, expected[i] as Nested, `grad ${i}`);
      });
      r.dispose();
    });
  });
});
