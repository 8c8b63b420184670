// Downstream rehearsal, TypeScript + CommonJS: the same kind of checks as check-types.ts, but a .cts
// file compiles to require(), so tsc resolves the packages' `require` types (dist/index.d.cts).
import { type BackendName, Rng, type SetupBackendArgs, setupBackend } from '@rnn/core';
import * as seq2seq from '@rnn/seq2seq';
import * as tf from '@tensorflow/tfjs';

const ready: Promise<BackendName> = setupBackend({ backend: 'cpu' });
// @ts-expect-error -- BackendName is a closed union: a typo is a compile error.
const typo: SetupBackendArgs = { backend: 'webgl' };
const x: tf.Tensor1D = tf.tensor1d([new Rng(1).int(4)]);
const exported: readonly string[] = Object.keys(seq2seq);

export { exported, ready, typo, x };
