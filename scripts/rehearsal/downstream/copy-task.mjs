// Downstream rehearsal, ES module flavour: what a user's `node app.mjs` does after
// `npm install @rnn/seq2seq @tensorflow/tfjs` from the registry. Trains a tiny copy task for a few
// steps, checks the loss fell, and "translates" one sequence with the trained model.
//
// SWITCH POINT: @rnn/seq2seq does not export a trainable model + translate API yet (its export list
// is printed below). Until it does, `trainCopyTask`/`translate` use a tfjs-layers stand-in on top of
// @rnn/core's backend and RNG. When seq2seq exports them, replace only those two functions (same
// signatures) with the Seq2Seq model + trainer + translator; the data and assertions stay.
import { createRequire } from 'node:module';
import { Rng, setupBackend } from '@rnn/core';
import * as seq2seq from '@rnn/seq2seq';
import * as tf from '@tensorflow/tfjs';

const FLAVOUR = 'esm';
const VOCAB = 8; // token 0 is padding, 1..7 are symbols
const LENGTH = 5;
const STEPS = 40;
const BATCH = 32;

// Dual package check: the ESM entry of each package must be the one loaded here.
for (const name of ['@rnn/core', '@rnn/seq2seq']) {
  const entry = import.meta.resolve(name);
  if (!entry.endsWith('/dist/index.js')) throw new Error(`${name} resolved to ${entry}, expected dist/index.js`);
}
const version = createRequire(import.meta.url)('@rnn/seq2seq/package.json').version;

function copyBatch(rng, n) {
  return Array.from({ length: n }, () => Array.from({ length: LENGTH }, () => 1 + rng.int(VOCAB - 1)));
}

// ---- model: interim tfjs-layers stand-in (replace with @rnn/seq2seq) ----
async function trainCopyTask(rng) {
  const model = tf.sequential({
    layers: [
      tf.layers.embedding({ inputDim: VOCAB, outputDim: 16, inputLength: LENGTH }),
      tf.layers.gru({ units: 32, returnSequences: true, recurrentInitializer: 'glorotUniform' }),
      tf.layers.timeDistributed({ layer: tf.layers.dense({ units: VOCAB, activation: 'softmax' }) }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.02), loss: 'sparseCategoricalCrossentropy' });
  const losses = [];
  for (let step = 0; step < STEPS; step++) {
    const rows = copyBatch(rng, BATCH);
    const x = tf.tensor2d(rows, [BATCH, LENGTH], 'float32');
    const y = tf.tensor3d(
      rows.map((r) => r.map((t) => [t])),
      [BATCH, LENGTH, 1],
      'float32',
    );
    losses.push(await model.trainOnBatch(x, y));
    tf.dispose([x, y]);
  }
  return { model, losses: losses.map(Number) };
}

function translate(model, tokens) {
  return tf.tidy(() => {
    const probs = model.predict(tf.tensor2d([tokens], [1, LENGTH], 'float32'));
    return Array.from(probs.argMax(-1).dataSync());
  });
}
// ---- end of the stand-in ----

const backend = await setupBackend({ backend: 'wasm', fallback: false });
const rng = new Rng(7);
const { model, losses } = await trainCopyTask(rng);
const first = losses[0];
const last = losses.at(-1);
if (!(last < first * 0.8)) throw new Error(`${FLAVOUR}: the copy task did not learn (loss ${first} -> ${last})`);
const source = [3, 1, 4, 1, 5];
const output = await translate(model, source);
if (output.length !== source.length || output.some((t) => !Number.isInteger(t) || t < 0 || t >= VOCAB)) {
  throw new Error(`${FLAVOUR}: translate returned ${JSON.stringify(output)}`);
}
const correct = output.filter((t, i) => t === source[i]).length;
console.log(
  `${FLAVOUR}: @rnn/seq2seq@${version} (exports: ${Object.keys(seq2seq).length || 'none yet'}), backend ${backend}, ` +
    `${STEPS} steps loss ${first.toFixed(3)} -> ${last.toFixed(3)}, translate [${source}] -> [${output}] (${correct}/${LENGTH} copied)`,
);
