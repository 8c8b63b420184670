import type { Seq2SeqConfig } from '../model/config.js';
import type { TensorManifestEntry } from './tensor-file.js';

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
 * Version of the bundle layout written by this package; {@link loadSeq2Seq} refuses others.
 *
 * @example
 * ```ts
 * BUNDLE_FORMAT_VERSION; // 1
 * ```
 */
export const BUNDLE_FORMAT_VERSION = 1;

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
  weights: 'weights.bin',
  sourceVocab: 'source-vocab.json',
  targetVocab: 'target-vocab.json',
  trainingState: 'training-state.json',
  trainingTensors: 'training-state.bin',
} as const;

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
  formatVersion: number;
  /** The model config (defaults filled in). */
  config: Required<Seq2SeqConfig>;
  /** Layout of `weights.bin`, in the model's weight order. */
  weights: TensorManifestEntry[];
  /** Whether the vocabulary files are present. */
  vocabularies: { source: boolean; target: boolean };
  /** Layout of `training-state.bin` (optimizer slots), or null without training state. */
  trainingTensors: TensorManifestEntry[] | null;
  /** Package that wrote it (informational). */
  writtenBy: string;
}
