// Downstream rehearsal, TypeScript flavour: type-checked with `tsc --noEmit` (strict, NodeNext)
// against the .d.ts files published to the registry, the way a user's editor sees them. The
// downstream package.json has "type": "module", so this file resolves the `import` types
// (dist/index.d.ts); check-types.cts resolves the `require` types (dist/index.d.cts).
// `@ts-expect-error` lines prove the types are real: if a published type decayed to `any`, the
// expected error would vanish and tsc would fail on the unused directive.
// skipLibCheck is on (tsconfig.json), as in `tsc --init` and nearly every user project:
// @tensorflow/tfjs' own .d.ts need the DOM lib and fail strict mode (tfjs-layers), which is not ours
// to fix. Our .d.ts files are still validated by `attw --pack` in the package hygiene step.
import { type BackendName, Rng, type SetupBackendArgs, setupBackend, ValueError } from '@rnn/core/node';
import * as seq2seq from '@rnn/seq2seq';
import { FolderBundleStore, type BundleStore as NodeBundleStore } from '@rnn/seq2seq/node';
import * as tf from '@tensorflow/tfjs';

const args: SetupBackendArgs = { backend: 'wasm', fallback: false };
const ready: Promise<BackendName> = setupBackend(args);
// @ts-expect-error -- BackendName is a closed union: a typo is a compile error.
const typo: SetupBackendArgs = { backend: 'webgl2' };

const rng = new Rng(7);
const token: number = rng.int(8);
// @ts-expect-error -- Rng.int takes a number.
rng.int('8');

const err: Error = new ValueError('Expected `units` to be a positive integer, but got 12.5.');
const x: tf.Tensor2D = tf.tensor2d([[token]]);

// The copy task of copy-task.mjs, typed: config, training arguments and pairs, decode results.
const config: seq2seq.Seq2SeqConfig = { sourceVocabSize: 10, targetVocabSize: 10, embeddingDim: 16, units: 32, attention: 'luongGeneral', seed: 1 };
// @ts-expect-error -- AttentionType is a closed union.
const badConfig: seq2seq.Seq2SeqConfig = { sourceVocabSize: 10, targetVocabSize: 10, attention: 'luong' };
const trainArgs: seq2seq.TrainerArgs = { epochs: 12, batchSize: 32, learningRate: 1e-2, seed: 1, progressBar: false };
const pairs: seq2seq.Seq2SeqPair[] = [{ source: [3, 4, 5], target: [3, 4, 5, 2] }];

async function copyTask(): Promise<number[][]> {
  const model = new seq2seq.Seq2Seq(config);
  const history: seq2seq.TrainingHistory = await seq2seq.fit(model, pairs, trainArgs);
  const lastLoss: number | undefined = history.epochs.at(-1)?.loss;
  const result: seq2seq.DecodeResult = seq2seq.greedy(model, [[3, 4, 5]], { maxLength: 8 });
  // @ts-expect-error -- tokens are number[][], not strings.
  const wrong: string[][] = result.tokens;
  return lastLoss === undefined ? wrong.map(() => []) : result.tokens;
}

// The ./node entry's types: a folder store is a BundleStore of the main entry; a store is required, not a number.
const store: seq2seq.BundleStore = new FolderBundleStore('runs/m');
const sameType: NodeBundleStore = store;
// @ts-expect-error -- loadSeq2Seq takes a location string or a BundleStore.
seq2seq.loadSeq2Seq(42);

export { badConfig, copyTask, err, ready, sameType, typo, x };
