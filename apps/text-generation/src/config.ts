import type { ConfigName } from '@rnn/app-kit';

/** Everything a text-generation training run depends on (written to config.json). */
export interface TextGenConfig {
  seqLength: number;
  batchSize: number;
  embeddingDim: number;
  units: number;
  epochs: number;
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
 * `full` is the published configuration of the classic notebook (seq 100, batch 64, embedding 256,
 * GRU 1024, 50 epochs). `small` keeps seq 100 but uses embedding 32, GRU 128, batch 16 (more updates
 * per epoch), Adam lr 0.005 and 3 epochs: about 2 minutes of CPU per epoch on wasm (2,500 chars/s).
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
