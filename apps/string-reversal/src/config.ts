import type { ConfigName } from '@rnn/app-kit';
import type { AttentionType } from '@rnn/seq2seq';
import type { LearningRateDecay } from './gru/gru-reverser.js';

/** Everything a training run of the string-reversal app depends on (written to config.json). */
export interface ReversalConfig {
  tiny: {
    /** Full-batch Adam steps with teacher forcing, then the same number free-running. */
    stepsPerPhase: number;
    learningRate: number;
    /** Fresh initialisations tried (seed, seed+1000, …) until one reverses all 27 strings; the best is kept. */
    maxRestarts: number;
  };
  gru: {
    alphabet: string;
    minLength: number;
    maxLength: number;
    trainSize: number;
    testSize: number;
    embeddingDim: number;
    units: number;
    attention: AttentionType;
    epochs: number;
    batchSize: number;
    learningRate: number;
    /** `'cosine'`: the learning rate falls along a half cosine to 5% of `learningRate` by the last step. */
    learningRateDecay: LearningRateDecay;
  };
}

/** The two presets: `small` trains in minutes on 2 CPU cores; `full` is larger (26 letters, 128 units, 200k training strings in all). */
export const CONFIGS: Record<ConfigName, ReversalConfig> = {
  small: {
    tiny: { stepsPerPhase: 300, learningRate: 0.02, maxRestarts: 3 },
    gru: {
      alphabet: 'abcdefghijklmnopqrst',
      minLength: 1,
      maxLength: 10,
      trainSize: 8000,
      testSize: 1000,
      embeddingDim: 16,
      units: 64,
      attention: 'luongGeneral',
      epochs: 6,
      batchSize: 64,
      learningRate: 0.002,
      learningRateDecay: 'cosine',
    },
  },
  full: {
    tiny: { stepsPerPhase: 1000, learningRate: 0.02, maxRestarts: 5 },
    gru: {
      alphabet: 'abcdefghijklmnopqrstuvwxyz',
      minLength: 1,
      maxLength: 10,
      trainSize: 20000,
      testSize: 2000,
      embeddingDim: 32,
      units: 128,
      attention: 'luongGeneral',
      epochs: 10,
      batchSize: 64,
      learningRate: 0.002,
      learningRateDecay: 'cosine',
    },
  },
};
