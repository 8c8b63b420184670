import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FileFormatError, readJsonFile, ShapeError } from '@rnn/core';
import { Vocabulary, type VocabularyJson } from '@rnn/tokenizers';
import * as tf from '@tensorflow/tfjs';
import { Seq2Seq } from '../model/seq2seq.js';
import { BUNDLE_FILES, BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, type BundleManifest } from './bundle-format.js';
import type { StoredTrainingState } from './save-seq2seq.js';
import { readTensorFile } from './tensor-file.js';
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
  /** Also read the vocabularies (`false` returns them as null, e.g. to resume training). Default: true. */
  vocabularies?: boolean;
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
 * Load a bundle written by {@link saveSeq2Seq}.
 *
 * @throws FileFormatError when a file is missing, the folder is not a seq2seq bundle, its format
 *   version differs from {@link BUNDLE_FORMAT_VERSION}, or a vocabulary's size does not match the config.
 * @throws ShapeError when the stored weights do not match the stored config.
 * @example
 * ```ts
 * const { model, sourceVocab, targetVocab } = await loadSeq2Seq('runs/fr-en');
 * ```
 */
export async function loadSeq2Seq<V extends VocabularyLike = Vocabulary>(dir: string, args: LoadSeq2SeqArgs<V> = {}): Promise<LoadedSeq2Seq<V>> {
  const manifestPath = join(dir, BUNDLE_FILES.manifest);
  if (!existsSync(dir)) throw new FileFormatError(`Expected a seq2seq bundle folder at ${dir}, but it does not exist.`);
  const m = readJsonFile<BundleManifest>(manifestPath, 'seq2seq bundle manifest');
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
    const tensors = readTensorFile(dir, BUNDLE_FILES.weights, m.weights);
    try {
      model.setWeights(tensors.map((t) => t.tensor));
    } finally {
      tf.dispose(tensors.map((t) => t.tensor));
    }
    const fromJSON: (json: unknown) => V = args.vocabularyFromJSON ?? defaultVocabularyReviver;
    const vocab = (present: boolean, file: string, expected: number, which: string): V | null => {
      if (!present || args.vocabularies === false) return null;
      const v = fromJSON(readJsonFile(join(dir, file), `${which} vocabulary`));
      if (v.size !== expected) {
        throw new FileFormatError(
          `Expected the ${which} vocabulary ${join(dir, file)} to have ${expected} entries (the model's ${which === 'source' ? 'srcVocabSize' : 'tgtVocabSize'}), but it has ${v.size}.`,
        );
      }
      return v;
    };
    const sourceVocab = vocab(m.vocabularies.source, BUNDLE_FILES.sourceVocab, m.config.srcVocabSize, 'source');
    const targetVocab = vocab(m.vocabularies.target, BUNDLE_FILES.targetVocab, m.config.tgtVocabSize, 'target');
    let trainingState: StoredTrainingState | null = null;
    if ((args.trainingState ?? true) && m.trainingTensors) {
      trainingState = {
        state: readJsonFile(join(dir, BUNDLE_FILES.trainingState), 'training state'),
        tensors: readTensorFile(dir, BUNDLE_FILES.trainingTensors, m.trainingTensors),
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
