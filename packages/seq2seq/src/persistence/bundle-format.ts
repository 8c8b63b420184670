import type { Seq2SeqConfig } from '../model/config.js';

/**
 * Identifies an rnn-ts seq2seq bundle folder.
 *
 * @example
 * ```ts
 * JSON.parse(readFileSync(join(dir, 'bundle.json'), 'utf8')).format === BUNDLE_FORMAT;
 * ```
 */
export const BUNDLE_FORMAT = 'rnn-ts/seq2seq';
/**
 * Version of the bundle layout written by this package. Version 2 stores the weights as
 * `weights.safetensors` in the PyTorch mirror's `state_dict()` names and layouts (see `torch-layout.ts`);
 * {@link loadSeq2Seq} also reads version 1 (`weights.bin`, our own layout) and refuses others.
 *
 * @example
 * ```ts
 * BUNDLE_FORMAT_VERSION; // 2
 * ```
 */
export const BUNDLE_FORMAT_VERSION = 2;

/**
 * File names inside a bundle folder.
 *
 * @example
 * ```ts
 * join(dir, BUNDLE_FILES.weights); // '<dir>/weights.bin'
 * ```
 */
export const BUNDLE_FILES = {
  manifest: 'bundle.json',
  weights: 'weights.safetensors',
  sourceVocab: 'source-vocab.json',
  targetVocab: 'target-vocab.json',
  trainingState: 'training-state.json',
  trainingTensors: 'training-state.safetensors',
} as const;

/**
 * Weight file names of version-1 bundles (still readable).
 *
 * @example
 * ```ts
 * BUNDLE_V1_FILES.weights; // 'weights.bin'
 * ```
 */
export const BUNDLE_V1_FILES = { weights: 'weights.bin', trainingTensors: 'training-state.bin' } as const;

/**
 * The `weightsLayout` of a version-2 bundle: tensor names and layouts of the PyTorch mirror's
 * `rnn_ts_torch.Seq2Seq.state_dict()`.
 *
 * @example
 * ```ts
 * manifest.weightsLayout === WEIGHTS_LAYOUT; // true
 * ```
 */
export const WEIGHTS_LAYOUT = 'torch-state-dict';

/**
 * Content of `bundle.json`.
 *
 * @example
 * ```ts
 * const m: BundleManifest = JSON.parse(readFileSync(join(dir, BUNDLE_FILES.manifest), 'utf8'));
 * ```
 */
export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  formatVersion: typeof BUNDLE_FORMAT_VERSION;
  /** The model config (defaults filled in). */
  config: Required<Seq2SeqConfig>;
  /** How `weights.safetensors` names and lays out the weights: always {@link WEIGHTS_LAYOUT}. */
  weightsLayout: typeof WEIGHTS_LAYOUT;
  /** Whether the vocabulary files are present. */
  vocabularies: { source: boolean; target: boolean };
  /**
   * Names of the tensors of `training-state.safetensors` (optimizer slots, ours: tfjs names and layout)
   * in the optimizer's order, or null without training state.
   */
  trainingTensors: string[] | null;
  /** Package that wrote it (informational): `@rnn/seq2seq` or `rnn_ts_torch`. */
  writtenBy: string;
}
