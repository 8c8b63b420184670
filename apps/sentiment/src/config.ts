import type { ConfigName } from '@rnn/app-kit';
import type { CheckpointRule } from './train-loop.js';

/**
 * How the non-test sentences are used. `holdout`: train on the training split and keep the epoch the
 * validation split picks (`checkpoint`). `refit`: after the settings were chosen (by cross-validation), train
 * on training + validation together for a fixed number of epochs and keep the last (sklearn's and Keras'
 * "refit on all the data" practice; nothing is validated). `cv` uses the same two words per fold.
 *
 * @example
 * ```ts
 * const p: FitProtocol = 'refit';
 * ```
 */
export type FitProtocol = 'holdout' | 'refit';

/**
 * Everything that shapes a sentiment run (written to config.json). `small` and `full` share the architecture the issue fixes
 * (Embedding → Bidirectional(LSTM) → Dense(relu) → Dense(1, sigmoid)); they differ in dropout and schedule.
 *
 * @example
 * ```ts
 * const cfg: SentimentConfig = { ...CONFIGS.small, epochs: 4 };
 * ```
 */
export interface SentimentConfig {
  /** Every sentence is padded / truncated to this many word ids (`padSequences`, `pre` as in Keras). */
  maxLen: number;
  /** Width of the word embedding. */
  embeddingDim: number;
  /** Units of each direction of the bidirectional LSTM. */
  lstmUnits: number;
  /** Units of the relu layer before the sigmoid output. */
  denseUnits: number;
  /** Dropout before the relu layer and before the output (0 = none, as in the network). */
  dropout: number;
  /** Input dropout of each LSTM direction (the embedded words; one mask per sequence, Keras `dropout`). */
  lstmDropout: number;
  /** Spatial dropout right after the embedding (whole embedding channels dropped for a sentence, Keras `SpatialDropout1D`; 0 = none). */
  embeddingDropout: number;
  /** L2 penalty on the embedding matrix (Keras `embeddings_regularizer=l2(x)`; 0 = none). */
  embeddingL2: number;
  /** Training words seen fewer than this many times map to `<OOV>` (1 = keep every training word). */
  minWordCount: number;
  /** Sentences per training step. */
  batchSize: number;
  /** Training epochs (with a validation checkpoint, the best epoch among them is kept). */
  epochs: number;
  /** Which epoch's weights are kept: best validation accuracy, lowest validation loss, or the last (see {@link CheckpointRule}). */
  checkpoint: CheckpointRule;
  /** Momentum of the exponential moving average of the weights that is validated and kept (Keras `use_ema`); 0 = none. */
  emaMomentum: number;
  /** `holdout`: train on train, checkpoint on validation; `refit`: train on train + validation (the tokenizer too) and keep the last epoch (needs `checkpoint: 'last'`). */
  protocol: FitProtocol;
  /** Adam learning rate. */
  learningRate: number;
  /** Fractions [train, val, test] of the de-duplicated sentences. */
  ratios: readonly [number, number, number];
}

/**
 * Both configs are the network issue 9 fixes (sequences of 64, BiLSTM 64 per direction, Dense 64 relu,
 * Dense 1 sigmoid, Adam, binary cross-entropy) with an embedding width of 64 and Adam's 1e-3 (our choices).
 * `small` (the default, the measured one) adds spatial dropout 0.3 after the embedding and dropout 0.3 before
 * each Dense layer (batch 32), and — chosen by the 3-seed × 4-fold cross-validation in the README — is refitted
 * on train + validation for 5 epochs keeping an exponential moving average of the weights (momentum 0.99);
 * about 40–60 s per seed on 2 loaded cores. `full` is the plain network without dropout, batch 64, 10 epochs,
 * best-validation-accuracy checkpoint.
 *
 * @example
 * ```ts
 * CONFIGS.small.maxLen; // 64
 * ```
 */
export const CONFIGS: Readonly<Record<ConfigName, SentimentConfig>> = {
  small: {
    maxLen: 64,
    embeddingDim: 64,
    lstmUnits: 64,
    denseUnits: 64,
    dropout: 0.3,
    lstmDropout: 0,
    embeddingDropout: 0.3,
    embeddingL2: 0,
    minWordCount: 1,
    batchSize: 32,
    epochs: 5,
    checkpoint: 'last',
    emaMomentum: 0.99,
    protocol: 'refit',
    learningRate: 1e-3,
    ratios: [0.7, 0.1, 0.2],
  },
  full: {
    maxLen: 64,
    embeddingDim: 64,
    lstmUnits: 64,
    denseUnits: 64,
    dropout: 0,
    lstmDropout: 0,
    embeddingDropout: 0,
    embeddingL2: 0,
    minWordCount: 1,
    batchSize: 64,
    epochs: 10,
    checkpoint: 'valAccuracy',
    emaMomentum: 0,
    protocol: 'holdout',
    learningRate: 1e-3,
    ratios: [0.7, 0.1, 0.2],
  },
};

/**
 * Version of the saved bundle layout (model + tokenizer + split info); `evaluate`/`predict` refuse others.
 *
 * @example
 * ```ts
 * ctx.openRun({ formatVersion: FORMAT_VERSION });
 * ```
 */
export const FORMAT_VERSION = 1;

/**
 * The app name (run folder, bundle owner).
 *
 * @example
 * ```ts
 * APP_NAME; // 'sentiment' → runs/sentiment/<timestamp>/
 * ```
 */
export const APP_NAME = 'sentiment';

/**
 * The app version (config.json, bundle.json, `--version`).
 *
 * @example
 * ```ts
 * APP_VERSION; // '0.1.0'
 * ```
 */
export const APP_VERSION = '0.1.0';

/**
 * The test accuracy issue 9 asks for (mean over 3 seeds); drawn as a line in the report.
 *
 * @example
 * ```ts
 * summary.testAccuracyMean >= TARGET_ACCURACY;
 * ```
 */
export const TARGET_ACCURACY = 0.8;
