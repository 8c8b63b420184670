// Downstream rehearsal, CommonJS flavour: what a user's `node app.cjs` (require) does after
// `npm install @rnn/seq2seq @tensorflow/tfjs` from the registry. Same task and checks as
// copy-task.mjs, through the packages' `require` entries (dist/index.cjs).
const { Rng, setupBackend } = require('@rnn/core/node');
const seq2seq = require('@rnn/seq2seq');
const tf = require('@tensorflow/tfjs');

const FLAVOUR = 'cjs';
const EOS = 2; // @rnn/seq2seq defaults: 0 padding, 1 <bos>, 2 <eos>
const FIRST = 3; // symbols are 3..VOCAB-1
const VOCAB = 10;
const EPOCHS = 12;
const TESTS = [
  [3, 4, 5, 6],
  [9, 8, 7],
  [5, 5, 6, 6, 7],
];

// Dual package check: the CommonJS entry of each package and of its ./node subpath must be the one loaded here.
for (const [name, file] of [
  ['@rnn/core', 'index.cjs'],
  ['@rnn/seq2seq', 'index.cjs'],
  ['@rnn/core/node', 'node.cjs'],
  ['@rnn/seq2seq/node', 'node.cjs'],
]) {
  const entry = require.resolve(name);
  if (!entry.endsWith(`/dist/${file}`)) throw new Error(`${name} resolved to ${entry}, expected dist/${file}`);
}
const seq2seqNode = require('@rnn/seq2seq/node');
if (seq2seqNode.Seq2Seq !== seq2seq.Seq2Seq) throw new Error('@rnn/seq2seq/node and @rnn/seq2seq export different Seq2Seq classes under require()');
const version = require('@rnn/seq2seq/package.json').version;

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

async function main() {
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
  tf.disposeVariables();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
