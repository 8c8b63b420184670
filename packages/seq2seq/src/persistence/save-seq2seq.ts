import * as tf from '@tensorflow/tfjs';
import type { Seq2Seq } from '../model/seq2seq.js';
import { BUNDLE_FILES, BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, type BundleManifest } from './bundle-format.js';
import type { BundleStore } from './bundle-store.js';
import { jsonBytes } from './bundle-store-json.js';
import { resolveBundleStore } from './resolve-bundle-store.js';
import { encodeTensorFile, type NamedTensor, type TensorManifestEntry } from './tensor-file.js';
import type { VocabularyLike } from './vocabulary-like.js';

/**
 * Training state stored in a bundle so a run can resume: JSON plus named tensors (optimizer slots).
 *
 * @example
 * ```ts
 * const { trainingState } = await loadSeq2Seq('runs/ckpt'); trainingState?.tensors.length;
 * ```
 */
export interface StoredTrainingState {
  /** JSON-serialisable state (step, epoch, RNG state, history…). */
  state: unknown;
  /** Tensors such as the optimizer's moments (`optimizer.getWeights()`), in order. */
  tensors: NamedTensor[];
}

/**
 * What to put in a bundle besides the model.
 *
 * @example
 * ```ts
 * await saveSeq2Seq('runs/m', model, { sourceVocab, targetVocab });
 * ```
 */
export interface SaveSeq2SeqArgs {
  /** Source vocabulary (saved as `source-vocab.json`). Default: none. */
  sourceVocab?: VocabularyLike;
  /** Target vocabulary (saved as `target-vocab.json`). Default: none. */
  targetVocab?: VocabularyLike;
  /** Training state for `resume`. Default: none. */
  trainingState?: StoredTrainingState;
}

/**
 * Save a model (config + weights), its vocabularies and optional training state as one bundle, to
 * `indexeddb://name`, any {@link BundleStore}, or in Node (with `@rnn/seq2seq/node`) a folder path.
 * Every file is encoded first and handed to the store's `writeAll` at once, which is atomic for a folder
 * (a temporary sibling folder replaces it only once complete) and for IndexedDB (one transaction), so
 * a crash or error mid-way leaves the previous bundle intact.
 *
 * Layout: `bundle.json` (format, version, config, weight manifest), `weights.bin` (float32, little
 * endian, in `model.weightSpecs()` order), `source-vocab.json`, `target-vocab.json`,
 * `training-state.json` + `training-state.bin`.
 *
 * @example
 * ```ts
 * await saveSeq2Seq('runs/fr-en', model, { sourceVocab, targetVocab });
 * ```
 */
export async function saveSeq2Seq(location: string | BundleStore, model: Seq2Seq, args: SaveSeq2SeqArgs = {}): Promise<void> {
  const store = resolveBundleStore(location);
  const files = new Map<string, Uint8Array>();
  {
    const weights = model.getWeights();
    let weightManifest: TensorManifestEntry[];
    try {
      const encoded = encodeTensorFile(model.weightSpecs().map((s, i) => ({ name: s.name, tensor: weights[i] as tf.Tensor })));
      files.set(BUNDLE_FILES.weights, encoded.bytes);
      weightManifest = encoded.manifest;
    } finally {
      tf.dispose(weights);
    }
    const json = (file: string, value: unknown) => files.set(file, jsonBytes(value));
    if (args.sourceVocab) json(BUNDLE_FILES.sourceVocab, args.sourceVocab.toJSON());
    if (args.targetVocab) json(BUNDLE_FILES.targetVocab, args.targetVocab.toJSON());
    let trainingTensors = null;
    if (args.trainingState) {
      json(BUNDLE_FILES.trainingState, args.trainingState.state);
      const encoded = encodeTensorFile(args.trainingState.tensors);
      files.set(BUNDLE_FILES.trainingTensors, encoded.bytes);
      trainingTensors = encoded.manifest;
    }
    const manifest: BundleManifest = {
      format: BUNDLE_FORMAT,
      formatVersion: BUNDLE_FORMAT_VERSION,
      config: model.config,
      weights: weightManifest,
      vocabularies: { source: args.sourceVocab !== undefined, target: args.targetVocab !== undefined },
      trainingTensors,
      writtenBy: '@rnn/seq2seq',
    };
    json(BUNDLE_FILES.manifest, manifest);
  }
  await store.writeAll(files);
}
