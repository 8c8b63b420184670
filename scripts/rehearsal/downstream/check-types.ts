// Downstream rehearsal, TypeScript flavour: type-checked with `tsc --noEmit` (strict, NodeNext)
// against the .d.ts files published to the registry, the way a user's editor sees them.
// skipLibCheck is on, as in `tsc --init` and nearly every user project: @tensorflow/tfjs' own .d.ts
// need the DOM lib and fail strict mode (tfjs-layers), which is not ours to fix. Our .d.ts files are
// still validated by `attw --pack` in the package hygiene step, and their resolution by the imports. The downstream package.json has "type": "module", so this file resolves the `import` types
// (dist/index.d.ts); check-types.cts resolves the `require` types (dist/index.d.cts).
// `@ts-expect-error` lines prove the types are real: if a published type decayed to `any`, the
// expected error would vanish and tsc would fail on the unused directive.
import { type BackendName, Rng, type SetupBackendArgs, setupBackend, ValueError } from '@rnn/core';
import * as seq2seq from '@rnn/seq2seq';
import * as tf from '@tensorflow/tfjs';

const args: SetupBackendArgs = { backend: 'wasm', fallback: false };
const ready: Promise<BackendName> = setupBackend(args);
// @ts-expect-error -- BackendName is a closed union: a typo is a compile error.
const typo: SetupBackendArgs = { backend: 'webgl' };

const rng = new Rng(7);
const token: number = rng.int(8);
// @ts-expect-error -- Rng.int takes a number.
rng.int('8');

const err: Error = new ValueError('Expected `units` to be a positive integer, but got 12.5.');
const x: tf.Tensor2D = tf.tensor2d([[token]]);

// SWITCH POINT: when @rnn/seq2seq exports its model/trainer/translator, type a tiny copy-task
// configuration and a translate call here, e.g. `const config: seq2seq.Seq2SeqConfig = { ... }`.
const exported: readonly string[] = Object.keys(seq2seq);

export { err, exported, ready, typo, x };
