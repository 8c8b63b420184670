// The flags train and cv share, and how they turn `--config`'s preset into a run's config.
import { withFlagOverrides } from '@rnn/app-kit';
import { CONFIGS, type SentimentConfig } from '../config.js';

/** `--limit`: train, cv (evaluate reuses the trained value). */
export const limitOption = {
  kind: 'int',
  description: 'keep only the first N lines of each source file (quick tests); evaluate reuses the trained value',
  min: 10,
} as const;

/** The flags that override the model part of `--config` (train and cv). */
export const modelOptions = {
  dropout: { kind: 'number', description: 'dropout before each Dense layer (overrides the config)', min: 0, max: 0.9 },
  lstmDropout: { kind: 'number', description: 'input dropout of the LSTM, one mask per sequence (overrides the config)', min: 0, max: 0.9 },
  embeddingDim: { kind: 'int', description: 'width of the word embedding (overrides the config)', min: 1, max: 1024 },
  embeddingDropout: { kind: 'number', description: 'spatial dropout after the embedding (overrides the config)', min: 0, max: 0.9 },
  embeddingL2: { kind: 'number', description: 'L2 penalty on the embedding matrix (overrides the config)', min: 0, max: 1 },
  minWordCount: { kind: 'int', description: 'training words seen fewer times map to <OOV> (overrides the config)', min: 1, max: 100 },
  learningRate: { kind: 'number', description: 'Adam learning rate (overrides the config)', min: 1e-6, max: 1 },
} as const;

/** The config of a run: `--config`'s preset with every override given on the command line. */
export function configFrom(opts: { config: keyof typeof CONFIGS; epochs?: number } & { [K in keyof typeof modelOptions]?: number }): SentimentConfig {
  return withFlagOverrides(CONFIGS[opts.config], opts);
}
