import { checkInteger, checkKnownOptions, checkNumberInRange, checkOneOf, ValueError } from '@rnn/core';

/**
 * Recurrent cell used by the encoder and the decoder.
 *
 * @example
 * ```ts
 * const c: CellType = 'lstm';
 * ```
 */
export type CellType = 'gru' | 'lstm';

/**
 * Attention over the encoder outputs.
 * - `'none'`: the decoder only sees the encoder's final states.
 * - `'luongDot'`: score(hₜ, h̄ₛ) = hₜ·h̄ₛ (Luong et al. 2015), applied to the decoder outputs of all steps at once.
 * - `'luongGeneral'`: score(hₜ, h̄ₛ) = hₜ·W h̄ₛ (Luong et al. 2015), batched the same way.
 * - `'bahdanau'`: score(sₜ₋₁, h̄ₛ) = vᵀ tanh(W₁h̄ₛ + W₂sₜ₋₁) with the context fed to the decoder input
 *   (Bahdanau et al. 2015). Needs a step loop in training, so it is slower.
 *
 * @example
 * ```ts
 * const a: AttentionType = 'luongGeneral';
 * ```
 */
export type AttentionType = 'none' | 'bahdanau' | 'luongDot' | 'luongGeneral';

/**
 * Every {@link CellType}.
 *
 * @example
 * ```ts
 * CELL_TYPES; // ['gru', 'lstm']
 * ```
 */
export const CELL_TYPES: readonly CellType[] = ['gru', 'lstm'];
/**
 * Every {@link AttentionType}.
 *
 * @example
 * ```ts
 * ATTENTION_TYPES.includes('bahdanau'); // true
 * ```
 */
export const ATTENTION_TYPES: readonly AttentionType[] = ['none', 'bahdanau', 'luongDot', 'luongGeneral'];

/**
 * Configuration of a {@link Seq2Seq} model. Only the two vocabulary sizes are required; every other
 * field has the default given in {@link SEQ2SEQ_DEFAULTS}.
 *
 * @example
 * ```ts
 * const config: Seq2SeqConfig = { sourceVocabSize: 2000, targetVocabSize: 3000, units: 256, attention: 'luongGeneral' };
 * ```
 */
export interface Seq2SeqConfig {
  /** Source vocabulary size (id 0 is padding). Required. */
  sourceVocabSize: number;
  /** Target vocabulary size (id 0 is padding). Required. */
  targetVocabSize: number;
  /** Size of the source and target embeddings. Default: 64. */
  embeddingDim?: number;
  /** Recurrent cell of encoder and decoder. Default: `'gru'` (Keras 3 GRU, `resetAfter: true`). */
  cell?: CellType;
  /** Hidden units of every recurrent layer. Default: 128. */
  units?: number;
  /**
   * Number of stacked recurrent layers of the encoder. The decoder has the same number of layers and
   * decoder layer l starts from encoder layer l's final state. Default: 1.
   */
  encoderLayers?: number;
  /**
   * Run each encoder layer in both directions. The two directions are merged by **summing** (Keras
   * `Bidirectional(mergeMode: 'sum')`): outputs `fwd + bwd` and final states `fwd + bwd`, so every width
   * stays `units`, the bridge to the decoder needs no extra weights, and `'luongDot'` still works. Default: false.
   */
  bidirectionalEncoder?: boolean;
  /**
   * Dropout rate applied (in training only) to the embeddings, between stacked layers and before the
   * output projection. Default: 0.
   */
  dropout?: number;
  /** Attention over encoder outputs (source padding is masked). Default: `'none'`. */
  attention?: AttentionType;
  /**
   * Tie the output projection to the target embedding (logits = o·Eᵀ + b, Press & Wolf 2017). Needs
   * `embeddingDim === units` (the decoder's output width). Default: false.
   */
  tiedEmbeddings?: boolean;
  /** Id of `<bos>` in the target vocabulary (first decoder input). Default: 1 (as in @rnn/tokenizers' `Vocabulary`). */
  bosId?: number;
  /** Id of `<eos>` in the target vocabulary (decoding stops there). Default: 2 (as in @rnn/tokenizers' `Vocabulary`). */
  eosId?: number;
  /** Seed of the weight initialisation. Default: 42. */
  seed?: number;
}

/**
 * A {@link Seq2SeqConfig} with every default filled in.
 *
 * @example
 * ```ts
 * const c: ResolvedSeq2SeqConfig = model.config; // every field set
 * ```
 */
export type ResolvedSeq2SeqConfig = Required<Seq2SeqConfig>;

/**
 * Defaults of every optional {@link Seq2SeqConfig} field.
 *
 * @example
 * ```ts
 * SEQ2SEQ_DEFAULTS.units; // 128
 * ```
 */
export const SEQ2SEQ_DEFAULTS = {
  embeddingDim: 64,
  cell: 'gru',
  units: 128,
  encoderLayers: 1,
  bidirectionalEncoder: false,
  dropout: 0,
  attention: 'none',
  tiedEmbeddings: false,
  bosId: 1,
  eosId: 2,
  seed: 42,
} as const satisfies Omit<ResolvedSeq2SeqConfig, 'sourceVocabSize' | 'targetVocabSize'>;

const KNOWN_KEYS = ['sourceVocabSize', 'targetVocabSize', ...Object.keys(SEQ2SEQ_DEFAULTS)];

/**
 * Validate a {@link Seq2SeqConfig} and fill in its defaults.
 *
 * @throws ValueError naming the first invalid field, e.g. ``Expected `units` to be an integer >= 1, but got 12.5.``
 * @example
 * ```ts
 * resolveSeq2SeqConfig({ sourceVocabSize: 10, targetVocabSize: 12 }).units; // 128
 * ```
 */
export function resolveSeq2SeqConfig(config: Seq2SeqConfig): ResolvedSeq2SeqConfig {
  checkKnownOptions('Seq2SeqConfig', config, KNOWN_KEYS);
  const c: ResolvedSeq2SeqConfig = { ...SEQ2SEQ_DEFAULTS, ...stripUndefined(config) } as ResolvedSeq2SeqConfig;
  checkInteger('sourceVocabSize', c.sourceVocabSize, 2);
  checkInteger('targetVocabSize', c.targetVocabSize, 3);
  checkInteger('embeddingDim', c.embeddingDim);
  checkOneOf('cell', c.cell, CELL_TYPES);
  checkInteger('units', c.units);
  checkInteger('encoderLayers', c.encoderLayers);
  if (typeof c.bidirectionalEncoder !== 'boolean')
    throw new ValueError(`Expected \`bidirectionalEncoder\` to be a boolean, but got ${String(c.bidirectionalEncoder)}.`);
  checkNumberInRange('dropout', c.dropout, 0, 0.99);
  checkOneOf('attention', c.attention, ATTENTION_TYPES);
  if (typeof c.tiedEmbeddings !== 'boolean') throw new ValueError(`Expected \`tiedEmbeddings\` to be a boolean, but got ${String(c.tiedEmbeddings)}.`);
  if (c.tiedEmbeddings && c.embeddingDim !== c.units) {
    throw new ValueError(
      `Expected \`embeddingDim\` (${c.embeddingDim}) to equal \`units\` (${c.units}) when \`tiedEmbeddings\` is true, because the output projection reuses the target embedding.`,
    );
  }
  checkInteger('bosId', c.bosId, 1);
  checkInteger('eosId', c.eosId, 1);
  if (c.bosId >= c.targetVocabSize || c.eosId >= c.targetVocabSize) {
    throw new ValueError(`Expected \`bosId\` (${c.bosId}) and \`eosId\` (${c.eosId}) to be below \`targetVocabSize\` (${c.targetVocabSize}).`);
  }
  checkInteger('seed', c.seed, Number.MIN_SAFE_INTEGER);
  return c;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
