import { bidirectional, lstm, registerLayers } from '@rnn/layers';
import * as tf from '@tensorflow/tfjs';
import type { SentimentConfig } from './config.js';

/** Which recurrent layer implementation the model uses (recorded in config.json, bundle.json and the report). */
export const LAYER_IMPL = '@rnn/layers bidirectional(lstm) (fused BPTT)';

/**
 * Embedding(maskZero) → [SpatialDropout1D] → Bidirectional(LSTM) → [Dropout] → Dense(relu) → [Dropout] → Dense(1, sigmoid),
 * compiled with binary cross-entropy and Adam. Index 0 is padding and is masked out of the LSTM, so the
 * `pre` padding of {@link encode} does not dilute short sentences.
 *
 * The recurrent layers are @rnn/layers' fused `lstm` inside its `bidirectional` (Keras 3 defaults:
 * sigmoid recurrent activation, glorotUniform kernel, orthogonal recurrent kernel, unit forget bias).
 * Both Dense layers see 2-D inputs (`[batch, 2·units]`, `[batch, denseUnits]`), so the stock-wasm
 * `fused.matMul`-with-bias bug on 3-D inputs does not apply.
 *
 * @example
 * ```ts
 * const model = buildModel(CONFIGS.small, 5000, 42); // same seed, same initial weights
 * model.predict(tf.zeros([2, 64], 'int32')); // [2, 1]
 * ```
 */
export function buildModel(cfg: SentimentConfig, vocabSize: number, seed?: number): tf.LayersModel {
  // Every initialiser gets its own seed from `seed` (none: unseeded); dropout masks follow Math.random, which the CLI seeds.
  const at = (k: number) => (seed === undefined ? undefined : seed + k);
  registerLayers();
  const model = tf.sequential();
  model.add(
    tf.layers.embedding({
      inputDim: vocabSize,
      outputDim: cfg.embeddingDim,
      maskZero: true,
      inputShape: [cfg.maxLen],
      embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: at(0) }),
      ...(cfg.embeddingL2 > 0 ? { embeddingsRegularizer: tf.regularizers.l2({ l2: cfg.embeddingL2 }) } : {}),
    }),
  );
  if (cfg.embeddingDropout > 0) model.add(tf.layers.spatialDropout1d({ rate: cfg.embeddingDropout }));
  model.add(
    bidirectional({ layer: lstm({ units: cfg.lstmUnits, dropout: cfg.lstmDropout, ...(seed === undefined ? {} : { seed: seed + 1 }) }), mergeMode: 'concat' }),
  );
  if (cfg.dropout > 0) model.add(tf.layers.dropout({ rate: cfg.dropout }));
  model.add(tf.layers.dense({ units: cfg.denseUnits, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: at(100) }) }));
  if (cfg.dropout > 0) model.add(tf.layers.dropout({ rate: cfg.dropout }));
  model.add(tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: at(101) }) }));
  model.compile({ optimizer: tf.train.adam(cfg.learningRate), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  return model;
}

/**
 * Registers the @rnn/layers classes (`RnnTs.Bidirectional`, `RnnTs.RNN`, `RnnTs.LSTMCell`) before
 * `tf.loadLayersModel`. Idempotent.
 *
 * @example
 * ```ts
 * registerModelClasses();
 * const model = await tf.loadLayersModel(fileSystem(bundleDir));
 * ```
 */
export function registerModelClasses(): void {
  registerLayers();
}
