import type { ConfigName } from '@rnn/app-kit';
import type { OovMode } from './data/tagging-vocabularies.js';

/**
 * How training batches are formed.
 *
 * @example
 * ```ts
 * const b: Batching = 'bucket';
 * ```
 */
export type Batching = 'bucket' | 'pad-to-max';

/**
 * Everything a training run of the POS tagger depends on (written to config.json).
 *
 * @example
 * ```ts
 * const config: TaggerConfig = { ...CONFIGS.small, epochs: 2 };
 * ```
 */
export interface TaggerConfig {
  /** Embedding width. */
  embeddingDim: number;
  /** Dropout rate after the embedding. */
  dropout: number;
  /** GRU units per direction (the bidirectional output is twice this). */
  units: number;
  /**
   * `bucket`: batches of similar length, each as wide as its longest sentence (little padding);
   * `pad-to-max`: every batch padded (post) to `maxLength`, as the published model does.
   */
  batching: Batching;
  /** Longest sentence kept whole; longer ones are cut at the end (the corpus maximum is 271). */
  maxLength: number;
  batchSize: number;
  epochs: number;
  learningRate: number;
  /**
   * Each occurrence of a word seen only once in train is fed as its OOV token with this probability
   * ("word dropout"), so the OOV embeddings are trained for the unknown words of the test set.
   */
  unkReplaceProbability: number;
  /** How words unseen in train are fed: one `<unk>` (`single`) or one token per spelling class (`shape`). */
  oov: OovMode;
  /** Stop when validation masked accuracy has not improved for this many epochs (0 = never). */
  patience: number;
  /** Use only the first N sentences of the corpus (0 = all 3914); for quick tests. */
  sentences: number;
}

/**
 * The two presets. `full` is the published model (Embedding 128, BiGRU 256, batches of 128 padded to
 * 271); `small` has the same architecture, narrower, with length-bucketed batches, so it trains in
 * minutes on 2 CPU cores.
 *
 * @example
 * ```ts
 * CONFIGS.full.maxLength; // 271
 * ```
 */
export const CONFIGS: Record<ConfigName, TaggerConfig> = {
  small: {
    embeddingDim: 64,
    dropout: 0.25,
    units: 64,
    batching: 'bucket',
    maxLength: 271,
    batchSize: 32,
    epochs: 10,
    learningRate: 0.004,
    unkReplaceProbability: 0.5,
    oov: 'shape',
    patience: 3,
    sentences: 0,
  },
  full: {
    embeddingDim: 128,
    dropout: 0.25,
    units: 256,
    batching: 'pad-to-max',
    maxLength: 271,
    batchSize: 128,
    epochs: 40,
    learningRate: 0.001,
    unkReplaceProbability: 0.5,
    oov: 'shape',
    patience: 5,
    sentences: 0,
  },
};

/**
 * The split ratios (train / validation / test, by sentence).
 *
 * @example
 * ```ts
 * split(sentences, { ratios: SPLIT_RATIOS, seed: 42 });
 * ```
 */
export const SPLIT_RATIOS = [0.8, 0.1, 0.1] as const;
