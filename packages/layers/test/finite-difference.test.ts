// Central finite differences vs the hand-written backward passes, on tiny shapes (cpu backend, float32).

import { setupBackend } from '@rnn/core/node';
import * as tf from '@tensorflow/tfjs';
import { gruSequence, lstmSequence, PeepholeLSTMCell, RNN, simpleRNNSequence } from '../src/index.js';

const B = 2;
const T = 3;
const I = 2;
const U = 3;
// float32: eps 5e-3 balances rounding (~1e-7/eps) and truncation (~eps²) error.
const EPS = 5e-3;
const MASK = [
  [1, 0, 1],
  [0, 1, 1],
];

function rand(shape: number[], seed: number, scale = 0.7): tf.Tensor {
  return tf.randomUniform(shape, -scale, scale, 'float32', seed);
}

/** Check d loss / d params[i] against central differences for every element of every param. */
function checkGradients(loss: (...p: tf.Tensor[]) => tf.Scalar, params: tf.Tensor[]): void {
  const analytic = tf
    .grads(loss)(params)
    .map((g) => Array.from(g.dataSync()));
  params.forEach((p, pi) => {
    const base = Array.from(p.dataSync());
    for (let k = 0; k < base.length; k++) {
      const at = (delta: number) =>
        tf.tidy(() => {
          const v = base.slice();
          v[k] = (v[k] as number) + delta;
          const args = params.slice();
          args[pi] = tf.tensor(v, p.shape);
          return loss(...args).dataSync()[0] as number;
        });
      const fd = (at(EPS) - at(-EPS)) / (2 * EPS);
      const an = (analytic[pi] as number[])[k] as number;
      if (Math.abs(fd - an) > 3e-3 + 2e-2 * Math.abs(an)) {
        throw new Error(`param ${pi} element ${k}: finite difference ${fd} vs analytic ${an}`);
      }
    }
  });
}

beforeAll(async () => {
  await setupBackend({ backend: 'cpu' });
});

const proj = (o: tf.Tensor, seed: number) => tf.sum(tf.mul(o, rand(o.shape, seed, 1)));

describe('finite-difference gradient checks', () => {
  it.each([
    ['GRU resetAfter', true, false],
    ['GRU resetAfter masked goBackwards', true, true],
    ['GRU Cho (resetAfter false)', false, false],
    ['GRU Cho masked goBackwards', false, true],
  ] as const)('%s', (_n, resetAfter, masked) => {
    tf.tidy(() => {
      const mask = masked ? tf.tensor2d(MASK) : undefined;
      const params = [rand([B, T, I], 1), rand([B, U], 2), rand([I, 3 * U], 3), rand([U, 3 * U], 4), rand(resetAfter ? [2, 3 * U] : [3 * U], 5)];
      checkGradients((x, h, W, Uk, b) => {
        const r = gruSequence(
          x as tf.Tensor3D,
          h as tf.Tensor2D,
          { kernel: W as tf.Tensor2D, recurrentKernel: Uk as tf.Tensor2D, bias: b },
          { resetAfter, mask, goBackwards: masked },
        );
        return tf.add(proj(r.outputs, 6), proj(r.finalState, 7)) as tf.Scalar;
      }, params);
    });
  });

  it.each([false, true])('LSTM (masked goBackwards: %s)', (masked) => {
    tf.tidy(() => {
      const mask = masked ? tf.tensor2d(MASK) : undefined;
      const params = [rand([B, T, I], 1), rand([B, U], 2), rand([B, U], 8), rand([I, 4 * U], 3), rand([U, 4 * U], 4), rand([4 * U], 5)];
      checkGradients((x, h, c, W, Uk, b) => {
        const r = lstmSequence(
          x as tf.Tensor3D,
          [h as tf.Tensor2D, c as tf.Tensor2D],
          { kernel: W as tf.Tensor2D, recurrentKernel: Uk as tf.Tensor2D, bias: b as tf.Tensor1D },
          { mask, goBackwards: masked },
        );
        return tf.add(tf.add(proj(r.outputs, 6), proj(r.finalState[0], 7)), proj(r.finalState[1], 9)) as tf.Scalar;
      }, params);
    });
  });

  it.each(['tanh', 'relu'] as const)('SimpleRNN %s', (activation) => {
    tf.tidy(() => {
      const mask = tf.tensor2d(MASK);
      const params = [rand([B, T, I], 1), rand([B, U], 2), rand([I, U], 3), rand([U, U], 4), rand([U], 5)];
      checkGradients((x, h, W, Uk, b) => {
        const r = simpleRNNSequence(
          x as tf.Tensor3D,
          h as tf.Tensor2D,
          { kernel: W as tf.Tensor2D, recurrentKernel: Uk as tf.Tensor2D, bias: b as tf.Tensor1D },
          { mask, activation },
        );
        return tf.add(proj(r.outputs, 6), proj(r.finalState, 7)) as tf.Scalar;
      }, params);
    });
  });

  it('peephole LSTM (generic loop) input and state gradients', () => {
    const layer = new RNN({ cell: new PeepholeLSTMCell({ units: U }), returnSequences: true, returnState: true });
    tf.tidy(() => {
      layer.apply(tf.zeros([B, T, I]));
      layer.setWeights(layer.getWeights().map((w, i) => rand(w.shape, 20 + i)));
      checkGradients(
        (x, h, c) => {
          const [o, hT, cT] = layer.apply(x as tf.Tensor, { initialState: [h as tf.Tensor, c as tf.Tensor] }) as tf.Tensor[];
          return tf.add(tf.add(proj(o as tf.Tensor, 6), proj(hT as tf.Tensor, 7)), proj(cT as tf.Tensor, 9)) as tf.Scalar;
        },
        [rand([B, T, I], 1), rand([B, U], 2), rand([B, U], 8)],
      );
    });
  });
});
