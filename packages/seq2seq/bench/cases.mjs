// The seq2seq benchmark case, shared by the Node run (bench.mjs) and the page run (browser.mjs bundles
// page-entry.mjs, which imports this file, with esbuild): @rnn/seq2seq's encoder-decoder and the same model built
// from tfjs-layers, one training step and one greedy decode each, and the swap between tfjs-backend-wasm's stock
// kernels and the ones setupBackend() registers. No Node built-ins here: this file also runs in Chromium.
import { Rng } from '@rnn/core';
import * as tf from '@tensorflow/tfjs';
import { kernelSwitch, MATMUL_KERNELS } from '../../../scripts/bench-kernels.mjs';
import { greedy, Seq2Seq, Trainer } from '../dist/index.js';

export const SRC_V = 2000,
  TGT_V = 3000,
  EMB = 64,
  UNITS = 256,
  SRC_LEN = 8,
  TGT_LEN = 16,
  BATCH = 64;

/**
 * Both models and their inputs. `steps` holds the un-timed calls: `trainOurs`, `trainTfjs`, `trainTfjsStock`
 * (one training step at batch 64) and `decodeOurs`, `decodeTfjs` (greedy decoding of 16 tokens at batch 1);
 * `dispose()` frees everything.
 */
export function prepareSeq2Seq(switcher) {
  const rng = new Rng(1);
  const ints = (rows, cols, lo, hi) => Array.from({ length: rows }, () => Array.from({ length: cols }, () => lo + rng.int(hi - lo)));
  const source = ints(BATCH, SRC_LEN, 4, SRC_V);
  const target = ints(BATCH, TGT_LEN, 4, TGT_V);

  // ---- ours
  const model = new Seq2Seq({ sourceVocabSize: SRC_V, targetVocabSize: TGT_V, embeddingDim: EMB, units: UNITS, cell: 'gru' });
  const trainer = new Trainer(model, { learningRate: 1e-3, progressBar: false });
  const batch = { source: { values: source }, target: { values: target } };

  // ---- tfjs-layers: same shapes, teacher forcing, tf.layers.gru with returnState (Keras 3 activations)
  const encIn = tf.input({ shape: [SRC_LEN], dtype: 'int32' });
  const encEmb = tf.layers.embedding({ inputDim: SRC_V, outputDim: EMB }).apply(encIn);
  const [, encState] = tf.layers.gru({ units: UNITS, returnState: true, recurrentActivation: 'sigmoid' }).apply(encEmb);
  const decIn = tf.input({ shape: [TGT_LEN], dtype: 'int32' });
  const decEmbLayer = tf.layers.embedding({ inputDim: TGT_V, outputDim: EMB });
  const decGru = tf.layers.gru({ units: UNITS, returnSequences: true, returnState: true, recurrentActivation: 'sigmoid' });
  const dense = tf.layers.dense({ units: TGT_V, activation: 'softmax' });
  const [decSeq] = decGru.apply(decEmbLayer.apply(decIn), { initialState: [encState] });
  const baseline = tf.model({ inputs: [encIn, decIn], outputs: dense.apply(decSeq) });
  baseline.compile({ optimizer: tf.train.adam(1e-3), loss: 'sparseCategoricalCrossentropy' });
  const xs = [
    tf.tensor2d(source, undefined, 'int32'),
    tf.tensor2d(
      target.map((r) => [1, ...r.slice(0, -1)]),
      undefined,
      'int32',
    ),
  ];
  const ys = tf.tensor3d(
    target.map((r) => r.map((v) => [v])),
    undefined,
    'float32',
  );

  // ---- greedy decoding of 16 tokens at batch 1 (<eos> suppressed so every decode makes exactly 16 tokens)
  const specs = model.weightSpecs();
  const ws = model.getWeights();
  const bi = specs.findIndex((s) => s.name === 'output/bias');
  const b = ws[bi].arraySync();
  b[model.config.eosId] = -1e4;
  ws[bi].dispose();
  ws[bi] = tf.tensor1d(b);
  model.setWeights(ws);
  tf.dispose(ws);
  const one = [source[0]];
  const oursDecode = () => {
    const r = greedy(model, one, { maxLength: TGT_LEN });
    if (r.tokens[0].length !== TGT_LEN) throw new Error('expected 16 tokens');
  };
  // tfjs-layers: encoder model + a one-step decoder model, `predict` per token.
  const encoderModel = tf.model({ inputs: encIn, outputs: encState });
  const stepTok = tf.input({ shape: [1], dtype: 'int32' });
  const stepState = tf.input({ shape: [UNITS] });
  const [stepOut, stepNewState] = decGru.apply(decEmbLayer.apply(stepTok), { initialState: [stepState] });
  const stepModel = tf.model({ inputs: [stepTok, stepState], outputs: [dense.apply(stepOut), stepNewState] });
  const baseDecode = () => {
    const src = tf.tensor2d(one, undefined, 'int32');
    let state = encoderModel.predict(src);
    src.dispose();
    let tok = 1;
    for (let t = 0; t < TGT_LEN; t++) {
      const tokT = tf.tensor2d([[tok]], undefined, 'int32');
      const [probs, next] = stepModel.predict([tokT, state]);
      const idx = tf.argMax(tf.reshape(probs, [-1]));
      tok = idx.dataSync()[0];
      tf.dispose([tokT, probs, state, idx]);
      state = next;
    }
    state.dispose();
  };
  const trainTfjs = () => baseline.trainOnBatch(xs, ys);
  return {
    model,
    steps: {
      trainOurs: () => trainer.trainBatch(batch),
      trainTfjs,
      trainTfjsStock: () => switcher.withStockKernels(trainTfjs),
      decodeOurs: oursDecode,
      decodeTfjs: baseDecode,
    },
    dispose() {
      tf.dispose([...xs, ys]);
      trainer.dispose();
      model.dispose();
      baseline.optimizer.dispose();
      // encoderModel and stepModel share baseline's layers: disposing baseline frees their weights.
      baseline.dispose();
    },
  };
}

export { kernelSwitch, MATMUL_KERNELS };
