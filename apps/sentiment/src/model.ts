import * as tf from '@tensorflow/tfjs';
import type { SentimentConfig } from './config.js';

/** Which recurrent layer implementation the model uses (recorded in config.json, bundle.json and the report). */
export const LAYER_IMPL = 'tfjs-layers (stock bidirectional/lstm)';

/**
 * Embedding(maskZero) → Bidirectional(LSTM) → [Dropout] → Dense(relu) → [Dropout] → Dense(1, sigmoid),
 * compiled with binary cross-entropy and Adam. Index 0 is padding and is masked out of the LSTM.
 */
export function buildModel(cfg: SentimentConfig, vocabSize: number): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.embedding({ inputDim: vocabSize, outputDim: cfg.embeddingDim, maskZero: true, inputShape: [cfg.maxLen] }));
  model.add(
    tf.layers.bidirectional({
      layer: tf.layers.lstm({ units: cfg.lstmUnits, recurrentActivation: 'sigmoid', kernelInitializer: 'glorotUniform' }) as tf.layers.RNN,
      mergeMode: 'concat',
    }),
  );
  if (cfg.dropout > 0) model.add(tf.layers.dropout({ rate: cfg.dropout }));
  model.add(tf.layers.dense({ units: cfg.denseUnits, activation: 'relu' }));
  if (cfg.dropout > 0) model.add(tf.layers.dropout({ rate: cfg.dropout }));
  model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
  model.compile({ optimizer: tf.train.adam(cfg.learningRate), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  return model;
}

/** Registers whatever custom classes the saved model needs before `tf.loadLayersModel`. */
export function registerModelClasses(): void {
  // Stock layers only: nothing to register.
}
