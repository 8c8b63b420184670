import { FileFormatError, ShapeError } from '@rnn/core';
import { Vocabulary, type VocabularyJson } from '@rnn/tokenizers';
import * as tf from '@tensorflow/tfjs';
import { Seq2Seq } from '../model/seq2seq.js';
import { BUNDLE_FILES, BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, type BundleManifest } from './bundle-format.js';
import type { BundleStore } from './bundle-store.js';
import { bundleFilePath, readBundleJson } from './bundle-store-json.js';
import { resolveBundleStore } from './resolve-bundle-store.js';
import type { StoredTrainingState } from './save-seq2seq.js';
import { decodeTensorFile } from './tensor-file.js';
import type { VocabularyLike } from './vocabulary-like.js';

/**
 * Options of {@link loadSeq2Seq}.
 *
 * @example
 * ```ts
 * await loadSeq2Seq('runs/m', { trainingState: false });
 * ```
 */
export interface LoadSeq2SeqArgs<V extends VocabularyLike> {
  /** Turns a saved vocabulary JSON back into a vocabulary. Default: @rnn/tokenizers' `Vocabulary.fromJSON`. */
  vocabularyFromJSON?: (json: unknown) => V;
  /** Also read the training state (optimizer tensors). Default: true. */
  trainingState?: boolean;
}

/**
 * What {@link loadSeq2Seq} returns. The caller owns the model and the training-state tensors.
 *
 * @example
 * ```ts
 * const { model, sourceVocab, targetVocab } = await loadSeq2Seq('runs/m');
 * ```
 */
export interface LoadedSeq2Seq<V extends VocabularyLike> {
  model: Seq2Seq;
  sourceVocab: V | null;
  targetVocab: V | null;
  trainingState: StoredTrainingState | null;
}

/**
 * Load a bundle written by {@link saveSeq2Seq}, from a URL of the bundle folder served as static
 * files, `indexeddb://name`, any {@link BundleStore}, or in Node (with `@rnn/seq2seq/node`) a folder path.
 *
 * @throws FileFormatError when a file is missing, the folder is not a seq2seq bundle, its format
 *   version differs from {@link BUNDLE_FORMAT_VERSION}, or a vocabulary's size does not match the config.
 * @throws ShapeError when the stored weights do not match the stored config.
 * @example
 * ```ts
 * const { model, sourceVocab, targetVocab } = await loadSeq2Seq('runs/fr-en');
 * ```
 */
export async function loadSeq2Seq<V extends VocabularyLike = Vocabulary>(
  location: string | BundleStore,
  args: LoadSeq2SeqArgs<V> = {},
): Promise<LoadedSeq2Seq<V>> {
  const store = resolveBundleStore(location);
  const dir = store.location;
  const manifestPath = bundleFilePath(store, BUNDLE_FILES.manifest);
  const m = await readBundleJson<BundleManifest>(store, BUNDLE_FILES.manifest, 'seq2seq bundle manifest');
  if (m.format !== BUNDLE_FORMAT) {
    throw new FileFormatError(`Expected ${manifestPath} to have format "${BUNDLE_FORMAT}", but got ${JSON.stringify(m.format)}.`);
  }
  if (m.formatVersion !== BUNDLE_FORMAT_VERSION) {
    throw new FileFormatError(
      `Expected seq2seq bundle format version ${BUNDLE_FORMAT_VERSION} in ${manifestPath}, but got ${JSON.stringify(m.formatVersion)}; re-save it with a matching @rnn/seq2seq.`,
    );
  }
  const model = new Seq2Seq(m.config);
  try {
    const specs = model.weightSpecs();
    if (m.weights.length !== specs.length) {
      throw new ShapeError(`Expected ${specs.length} weights for the bundle's config in ${manifestPath}, but the manifest lists ${m.weights.length}.`);
    }
    m.weights.forEach((e, i) => {
      const s = specs[i] as { name: string; shape: number[] };
      if (e.name !== s.name || !tf.util.arraysEqual(e.shape, s.shape)) {
        throw new ShapeError(`Expected weight ${i} of ${dir} to be ${s.name} [${s.shape}] for its config, but got ${e.name} [${e.shape}].`);
      }
    });
    const tensors = decodeTensorFile(await store.read(BUNDLE_FILES.weights), m.weights, bundleFilePath(store, BUNDLE_FILES.weights));
    try {
      model.setWeights(tensors.map((t) => t.tensor));
    } finally {
      tf.dispose(tensors.map((t) => t.tensor));
    }
    const fromJSON: (json: unknown) => V = args.vocabularyFromJSON ?? defaultVocabularyReviver;
    const vocab = async (present: boolean, file: string, expected: number, which: string): Promise<V | null> => {
      if (!present) return null;
      const v = fromJSON(await readBundleJson(store, file, `${which} vocabulary`));
      if (v.size !== expected) {
        throw new FileFormatError(
          `Expected the ${which} vocabulary ${bundleFilePath(store, file)} to have ${expected} entries (the model's ${which === 'source' ? 'srcVocabSize' : 'tgtVocabSize'}), but it has ${v.size}.`,
        );
      }
      return v;
    };
    const sourceVocab = await vocab(m.vocabularies.source, BUNDLE_FILES.sourceVocab, m.config.srcVocabSize, 'source');
    const targetVocab = await vocab(m.vocabularies.target, BUNDLE_FILES.targetVocab, m.config.tgtVocabSize, 'target');
    let trainingState: StoredTrainingState | null = null;
    if ((args.trainingState ?? true) && m.trainingTensors) {
      trainingState = {
        state: await readBundleJson(store, BUNDLE_FILES.trainingState, 'training state'),
        tensors: decodeTensorFile(await store.read(BUNDLE_FILES.trainingTensors), m.trainingTensors, bundleFilePath(store, BUNDLE_FILES.trainingTensors)),
      };
    }
    return { model, sourceVocab, targetVocab, trainingState };
  } catch (err) {
    model.dispose();
    throw err;
  }
}

function defaultVocabularyReviver<V>(json: unknown): V {
  return Vocabulary.fromJSON(json as VocabularyJson) as unknown as V;
}
