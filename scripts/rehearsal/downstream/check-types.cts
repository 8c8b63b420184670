// Downstream rehearsal, TypeScript + CommonJS: the same kind of checks as check-types.ts, but a .cts
// file compiles to require(), so tsc resolves the packages' `require` types (dist/index.d.cts and,
// for the ./node subpaths, dist/node.d.cts).
import { type BackendName, Rng, type SetupBackendArgs, setupBackend } from '@rnn/core/node';
import { greedy, Seq2Seq, type Seq2SeqConfig } from '@rnn/seq2seq';
import { type BundleStore, FolderBundleStore } from '@rnn/seq2seq/node';
import * as tf from '@tensorflow/tfjs';

const ready: Promise<BackendName> = setupBackend({ backend: 'cpu' });
// @ts-expect-error -- BackendName is a closed union: a typo is a compile error.
const typo: SetupBackendArgs = { backend: 'webgl2' };
const x: tf.Tensor1D = tf.tensor1d([new Rng(1).int(4)]);
const config: Seq2SeqConfig = { sourceVocabSize: 10, targetVocabSize: 10, attention: 'bahdanau' };
const tokens: number[][] = greedy(new Seq2Seq(config), [[3, 4]]).tokens;

const store: BundleStore = new FolderBundleStore('runs/m');

export { ready, store, tokens, typo, x };
