import type { ConfigName } from '@rnn/app-kit';
import type { AttentionType } from '@rnn/seq2seq';

/** Everything a training run of the translation app depends on (written to config.json). */
export interface TranslationConfig {
  /** The first N Tatoeba pairs of `translation/fra.txt`. */
  pairs: number;
  /** Words seen fewer times in the training split become `<unk>` (shrinks the softmax: the main cost on CPU). */
  minFrequency: number;
  /** Training pairs whose source or target has more tokens than this are left out of training (test keeps all). */
  maxTokens: number;
  embeddingDim: number;
  /** GRU units of the encoder and of the decoder. */
  units: number;
  /** Bidirectional encoder (both directions summed, so widths stay `units`). */
  bidirectional: boolean;
  /** Dropout rate on the embeddings and before the output projection (training only). */
  dropout: number;
  attention: AttentionType;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Global gradient-norm clip. */
  clipNorm: number;
  /** Validation sources decoded (greedy) after every epoch for the BLEU-per-epoch curve. */
  validationBleuSources: number;
}

/**
 * The two presets. `small` is sized for ≤ 10 minutes of training on 2 CPU cores (wasm backend, 2 XNNPACK
 * threads: 8 epochs took 547 s); its bidirectional encoder and Adam lr 2e-3 were chosen on validation
 * BLEU/loss against a PyTorch mirror (apps/translation/reference/, README "The PyTorch reference");
 * `full` is the published TensorFlow NMT-with-attention tutorial configuration (emb 256, GRU 1024,
 * batch 64, Bahdanau attention, teacher forcing, Adam 1e-3).
 */
export const CONFIGS: Record<ConfigName, TranslationConfig> = {
  small: {
    pairs: 30_000,
    minFrequency: 3,
    maxTokens: 12,
    embeddingDim: 128,
    units: 256,
    bidirectional: true,
    dropout: 0,
    attention: 'luongGeneral',
    epochs: 8,
    batchSize: 64,
    learningRate: 2e-3,
    clipNorm: 5,
    validationBleuSources: 500,
  },
  full: {
    pairs: 30_000,
    minFrequency: 1,
    maxTokens: 50,
    embeddingDim: 256,
    units: 1024,
    bidirectional: false,
    dropout: 0,
    attention: 'bahdanau',
    epochs: 10,
    batchSize: 64,
    learningRate: 1e-3,
    clipNorm: 5,
    validationBleuSources: 500,
  },
};

/** What `--attention` accepts: `luong` is Luong's "general" score (`luongGeneral`). */
export type AttentionFlag = 'bahdanau' | 'luong' | 'luongDot' | 'none';
/** Every {@link AttentionFlag}. */
export const ATTENTION_FLAGS: readonly AttentionFlag[] = ['bahdanau', 'luong', 'luongDot', 'none'];

/** The model's attention type for a `--attention` value. */
export function attentionFromFlag(flag: AttentionFlag): AttentionType {
  return flag === 'luong' ? 'luongGeneral' : flag;
}
