import { setupBackend } from '@rnn/core/node';
import * as tf from '@tensorflow/tfjs';
import { gruSequence, gruStep, lstmSequence, lstmStep, simpleRNNSequence } from '../src/index.js';
import { refGruStep, refLoop, refLstmStep, refRnnStep } from './reference-ops.js';

function maxDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] as number);
}

const B = 3;
const T = 5;
const I = 4;
const U = 6;
// Step 0 masked for row 1 (output zeros before its first real step), a hole for row 2.
const MASK = [
  [1, 1, 1, 1, 1],
  [0, 1, 1, 1, 0],
  [1, 1, 0, 0, 1],
];

interface Case {
  mask: boolean;
  goBackwards: boolean;
  bias: boolean;
}
const CASES: Case[] = [
  { mask: false, goBackwards: false, bias: true },
  { mask: true, goBackwards: false, bias: true },
  { mask: true, goBackwards: true, bias: true },
  { mask: false, goBackwards: true, bias: false },
];

describe.each(['cpu', 'wasm'] as const)('fused ops vs plain per-step tf on %s', (backend) => {
  beforeAll(async () => {
    await setupBackend({ backend });
  });

  function check(
    gates: number,
    nStates: number,
    biasShape: number[],
    fused: (x: tf.Tensor3D, s: tf.Tensor2D[], W: tf.Tensor2D, Uk: tf.Tensor2D, b: tf.Tensor | undefined, mask?: tf.Tensor2D, back?: boolean) => tf.Tensor[],
    ref: (x: tf.Tensor3D, s: tf.Tensor2D[], W: tf.Tensor2D, Uk: tf.Tensor2D, b: tf.Tensor | undefined, mask?: tf.Tensor2D, back?: boolean) => tf.Tensor[],
    c: Case,
  ): void {
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const x = tf.randomNormal([B, T, I], 0, 1, 'float32', 1) as tf.Tensor3D;
      const s = Array.from({ length: nStates }, (_, i) => tf.randomNormal([B, U], 0, 0.5, 'float32', 10 + i) as tf.Tensor2D);
      const W = tf.randomNormal([I, gates * U], 0, 0.5, 'float32', 2) as tf.Tensor2D;
      const Uk = tf.randomNormal([U, gates * U], 0, 0.5, 'float32', 3) as tf.Tensor2D;
      const b = c.bias ? tf.randomNormal(biasShape, 0, 0.5, 'float32', 4) : undefined;
      const mask = c.mask ? (tf.tensor2d(MASK) as tf.Tensor2D) : undefined;
      const dOut = tf.randomNormal([B, T, U], 0, 1, 'float32', 5);
      const dS = s.map((_, i) => tf.randomNormal([B, U], 0, 1, 'float32', 20 + i));
      const loss =
        (f: typeof fused) =>
        (...ts: tf.Tensor[]) => {
          const [xx, Wx, Ux, bx, ...ss] = [ts[0], ts[1], ts[2], c.bias ? ts[3] : undefined, ...ts.slice(c.bias ? 4 : 3)];
          const [out, ...st] = f(xx as tf.Tensor3D, ss as tf.Tensor2D[], Wx as tf.Tensor2D, Ux as tf.Tensor2D, bx, mask, c.goBackwards);
          let l = tf.sum(tf.mul(out as tf.Tensor, dOut));
          st.forEach((t, i) => {
            l = tf.add(l, tf.sum(tf.mul(t, dS[i] as tf.Tensor)));
          });
          return l as tf.Scalar;
        };
      const args = [x, W, Uk, ...(b ? [b] : []), ...s];
      const fv = fused(x, s, W, Uk, b, mask, c.goBackwards);
      const rv = ref(x, s, W, Uk, b, mask, c.goBackwards);
      for (const [i, t] of fv.entries()) expect(maxDiff(t, rv[i] as tf.Tensor)).toBeLessThan(2e-5);
      const gf = tf.grads(loss(fused))(args);
      const gr = tf.grads(loss(ref))(args);
      gf.forEach((g, i) => {
        expect(g.shape).toEqual((gr[i] as tf.Tensor).shape);
        expect(maxDiff(g, gr[i] as tf.Tensor)).toBeLessThan(5e-5);
      });
    });
    expect(tf.memory().numTensors).toBe(before);
  }

  it.each(CASES)('GRU resetAfter=true matches (%o)', (c) => {
    check(
      3,
      1,
      [2, 3 * U],
      (x, s, W, Uk, b, mask, goBackwards) => {
        const r = gruSequence(x, s[0] as tf.Tensor2D, { kernel: W, recurrentKernel: Uk, bias: b }, { mask, goBackwards });
        return [r.outputs, r.finalState];
      },
      (x, s, W, Uk, b, mask, back) => {
        const r = refLoop(x, s, refGruStep(W, Uk, b ?? null, true), mask, back);
        return [r.outputs, ...r.states];
      },
      c,
    );
  });

  it.each(CASES)('GRU resetAfter=false matches (%o)', (c) => {
    check(
      3,
      1,
      [3 * U],
      (x, s, W, Uk, b, mask, goBackwards) => {
        const r = gruSequence(x, s[0] as tf.Tensor2D, { kernel: W, recurrentKernel: Uk, bias: b }, { mask, goBackwards, resetAfter: false });
        return [r.outputs, r.finalState];
      },
      (x, s, W, Uk, b, mask, back) => {
        const r = refLoop(x, s, refGruStep(W, Uk, b ?? null, false), mask, back);
        return [r.outputs, ...r.states];
      },
      c,
    );
  });

  it.each(CASES)('LSTM matches (%o)', (c) => {
    check(
      4,
      2,
      [4 * U],
      (x, s, W, Uk, b, mask, goBackwards) => {
        const r = lstmSequence(
          x,
          s as [tf.Tensor2D, tf.Tensor2D],
          { kernel: W, recurrentKernel: Uk, bias: b as tf.Tensor1D | undefined },
          { mask, goBackwards },
        );
        return [r.outputs, ...r.finalState];
      },
      (x, s, W, Uk, b, mask, back) => {
        const r = refLoop(x, s, refLstmStep(W, Uk, b ?? null), mask, back);
        return [r.outputs, ...r.states];
      },
      c,
    );
  });

  it.each(CASES.flatMap((c) => (['tanh', 'relu'] as const).map((activation) => ({ ...c, activation }))))('SimpleRNN matches (%o)', (c) => {
    check(
      1,
      1,
      [U],
      (x, s, W, Uk, b, mask, goBackwards) => {
        const r = simpleRNNSequence(
          x,
          s[0] as tf.Tensor2D,
          { kernel: W, recurrentKernel: Uk, bias: b as tf.Tensor1D | undefined },
          { mask, goBackwards, activation: c.activation },
        );
        return [r.outputs, r.finalState];
      },
      (x, s, W, Uk, b, mask, back) => {
        const r = refLoop(x, s, refRnnStep(W, Uk, b ?? null, c.activation), mask, back);
        return [r.outputs, ...r.states];
      },
      c,
    );
  });

  it('gruStep and lstmStep equal one step of the sequence ops', () => {
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const x = tf.randomNormal([B, I], 0, 1, 'float32', 7) as tf.Tensor2D;
      const h = tf.randomNormal([B, U], 0, 1, 'float32', 8) as tf.Tensor2D;
      const c = tf.randomNormal([B, U], 0, 1, 'float32', 9) as tf.Tensor2D;
      for (const resetAfter of [true, false]) {
        const w = {
          kernel: tf.randomNormal([I, 3 * U], 0, 0.5, 'float32', 2) as tf.Tensor2D,
          recurrentKernel: tf.randomNormal([U, 3 * U], 0, 0.5, 'float32', 3) as tf.Tensor2D,
          bias: tf.randomNormal(resetAfter ? [2, 3 * U] : [3 * U], 0, 0.5, 'float32', 4),
        };
        const seq = gruSequence(tf.expandDims(x, 1) as tf.Tensor3D, h, w, { resetAfter });
        expect(maxDiff(gruStep(x, h, w, { resetAfter }), seq.finalState)).toBeLessThan(1e-6);
      }
      const lw = {
        kernel: tf.randomNormal([I, 4 * U], 0, 0.5, 'float32', 2) as tf.Tensor2D,
        recurrentKernel: tf.randomNormal([U, 4 * U], 0, 0.5, 'float32', 3) as tf.Tensor2D,
        bias: tf.randomNormal([4 * U], 0, 0.5, 'float32', 4) as tf.Tensor1D,
      };
      const seq = lstmSequence(tf.expandDims(x, 1) as tf.Tensor3D, [h, c], lw);
      const [h1, c1] = lstmStep(x, [h, c], lw);
      expect(maxDiff(h1, seq.finalState[0])).toBeLessThan(1e-6);
      expect(maxDiff(c1, seq.finalState[1])).toBeLessThan(1e-6);
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});
