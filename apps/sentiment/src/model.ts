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
 * const model = buildModel(CONFIGS.small, 5000);
 * model.predict(tf.zeros([2, 64], 'int32')); // [2, 1]
 * ```
 */
export function buildModel(cfg: SentimentConfig, vocabSize: number): tf.LayersModel {
  registerLayers();
  const model = tf.sequential();
  model.add(
    tf.layers.embedding({
      inputDim: vocabSize,
      outputDim: cfg.embeddingDim,
      maskZero: true,
      inputShape: [cfg.maxLen],
      ...(cfg.embeddingL2 > 0 ? { embeddingsRegularizer: tf.regularizers.l2({ l2: cfg.embeddingL2 }) } : {}),
    }),
  );
  if (cfg.embeddingDropout > 0) model.add(tf.layers.spatialDropout1d({ rate: cfg.embeddingDropout }));
  model.add(bidirectional({ layer: lstm({ units: cfg.lstmUnits, dropout: cfg.lstmDropout }), mergeMode: 'concat' }));
  if (cfg.dropout > 0) model.add(tf.layers.dropout({ rate: cfg.dropout }));
  model.add(tf.layers.dense({ units: cfg.denseUnits, activation: 'relu' }));
  if (cfg.dropout > 0) model.add(tf.layers.dropout({ rate: cfg.dropout }));
  model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
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
