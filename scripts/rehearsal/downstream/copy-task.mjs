// Downstream rehearsal, ES module flavour: what a user's `node app.mjs` does after
// `npm install @rnn/seq2seq @tensorflow/tfjs` from the registry. Trains a tiny attention seq2seq on
// a copy task (target = source + <eos>) for a few epochs with @rnn/seq2seq's `fit`, checks the loss
// fell, translates held-out sequences with greedy decoding, and saves the model to a folder and loads it
// back through the ./node entries (what Node users import).

import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng, setupBackend } from '@rnn/core/node';
import * as seq2seq from '@rnn/seq2seq';
import { FolderBundleStore, loadSeq2Seq, saveSeq2Seq } from '@rnn/seq2seq/node';
import * as tf from '@tensorflow/tfjs';

const FLAVOUR = 'esm';
const EOS = 2; // @rnn/seq2seq defaults: 0 padding, 1 <bos>, 2 <eos>
const FIRST = 3; // symbols are 3..VOCAB-1
const VOCAB = 10;
const EPOCHS = 12;
const TESTS = [
  [3, 4, 5, 6],
  [9, 8, 7],
  [5, 5, 6, 6, 7],
];

// Dual package check: the ESM entry of each package and of its ./node subpath must be the one loaded here.
for (const [name, file] of [
  ['@rnn/core', 'index.js'],
  ['@rnn/seq2seq', 'index.js'],
  ['@rnn/core/node', 'node.js'],
  ['@rnn/seq2seq/node', 'node.js'],
]) {
  const entry = import.meta.resolve(name);
  if (!entry.endsWith(`/dist/${file}`)) throw new Error(`${name} resolved to ${entry}, expected dist/${file}`);
}
const version = createRequire(import.meta.url)('@rnn/seq2seq/package.json').version;

function copyPairs(rng, n) {
  return Array.from({ length: n }, () => {
    const source = Array.from({ length: 3 + rng.int(3) }, () => FIRST + rng.int(VOCAB - FIRST));
    return { source, target: [...source, EOS] };
  });
}

// ---- model: the two calls a user makes; the data and the checks below do not depend on them ----
async function trainCopyTask(rng) {
  const model = new seq2seq.Seq2Seq({ sourceVocabSize: VOCAB, targetVocabSize: VOCAB, embeddingDim: 16, units: 32, attention: 'luongGeneral', seed: 1 });
  const history = await seq2seq.fit(model, copyPairs(rng, 256), { epochs: EPOCHS, batchSize: 32, learningRate: 1e-2, seed: 1, progressBar: false });
  return { model, losses: history.epochs.map((e) => e.loss) };
}

function translate(model, sources) {
  return seq2seq.greedy(model, sources, { maxLength: 8 }).tokens;
}
// ---- end of the model calls ----

const backend = await setupBackend({ backend: 'wasm', fallback: false });
const { model, losses } = await trainCopyTask(new Rng(7));
const first = losses[0];
const last = losses.at(-1);
if (!(last < first * 0.5)) throw new Error(`${FLAVOUR}: the copy task did not learn (epoch loss ${first} -> ${last})`);
const outputs = translate(model, TESTS);
const total = TESTS.flat().length;
const copied = TESTS.reduce((n, src, i) => n + src.filter((t, j) => outputs[i][j] === t).length, 0);
if (outputs.length !== TESTS.length || copied / total < 0.6) {
  throw new Error(`${FLAVOUR}: translations ${JSON.stringify(outputs)} copy only ${copied}/${total} tokens of ${JSON.stringify(TESTS)}`);
}
console.log(
  `${FLAVOUR}: @rnn/seq2seq@${version} on ${backend}: Seq2Seq(attention) fit ${EPOCHS} epochs, loss ${first.toFixed(3)} -> ${last.toFixed(3)}; ` +
    `greedy ${TESTS.map((s, i) => `[${s}]->[${outputs[i]}]`).join(' ')} (${copied}/${total} tokens copied)`,
);
const dir = mkdtempSync(join(tmpdir(), 'rnn-downstream-'));
try {
  await saveSeq2Seq(join(dir, 'model'), model);
  const back = await loadSeq2Seq(new FolderBundleStore(join(dir, 'model')));
  const again = translate(back.model, TESTS);
  if (JSON.stringify(again) !== JSON.stringify(outputs))
    throw new Error(`${FLAVOUR}: reloaded model translates ${JSON.stringify(again)}, not ${JSON.stringify(outputs)}`);
  console.log(`${FLAVOUR}: saved to a folder and loaded back through @rnn/seq2seq/node: same translations`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
tf.disposeVariables();
