import type { ConfigName } from '@rnn/app-kit';

/**
 * Everything a text-generation training run depends on (written to config.json).
 *
 * @example
 * ```ts
 * const config: TextGenConfig = { ...CONFIGS.small, epochs: 1 };
 * ```
 */
export interface TextGenConfig {
  /** Time steps per window (truncated-BPTT length). */
  seqLength: number;
  /** Rows per batch = number of contiguous tracks the text is cut into. */
  batchSize: number;
  /** Embedding size. */
  embeddingDim: number;
  /** GRU units. */
  units: number;
  /** Passes over the training part. */
  epochs: number;
  /** Adam learning rate. */
  learningRate: number;
  /** Gradients are clipped to this global L2 norm. */
  clipNorm: number;
  /** Fraction of the text (at its end) held out for evaluation. */
  heldOutFraction: number;
  /** Generate report samples every this many epochs (and after the last). */
  sampleEvery: number;
  /** Length of each report sample. */
  sampleLength: number;
}

/**
 * The two configurations of `--config`.
 *
 * `full` is the published configuration of the classic TensorFlow text-generation notebook (seq 100,
 * batch 64, embedding 256, GRU 1024, 50 epochs, Adam 0.001); we add a global gradient-norm clip of 5.
 * It is hours of CPU on 2 cores (see the README).
 *
 * `small` keeps seq 100 but uses embedding 32, GRU 128 and batch 16 (more updates per epoch: 178 per
 * epoch on the 286k training characters), Adam lr 0.005, 3 epochs. Measured: held-out cross-entropy
 * 1.67 nats/char against 1.93 for the interpolated trigram after 3 epochs (it passes the trigram during
 * epoch 2), in about 8 minutes of wall clock on 2 shared, heavily loaded cores (~1,700 chars/s).
 *
 * @example
 * ```ts
 * CONFIGS.small.units; // 128
 * CONFIGS.full.units;  // 1024
 * ```
 */
export const CONFIGS: Record<ConfigName, TextGenConfig> = {
  small: {
    seqLength: 100,
    batchSize: 16,
    embeddingDim: 32,
    units: 128,
    epochs: 3,
    learningRate: 0.005,
    clipNorm: 5,
    heldOutFraction: 0.1,
    sampleEvery: 1,
    sampleLength: 300,
  },
  full: {
    seqLength: 100,
    batchSize: 64,
    embeddingDim: 256,
    units: 1024,
    epochs: 50,
    learningRate: 0.001,
    clipNorm: 5,
    heldOutFraction: 0.1,
    sampleEvery: 5,
    sampleLength: 500,
  },
};
