import { describeValue, FileFormatError, readSafetensors, ShapeError } from '@rnn/core';
import { Vocabulary, type VocabularyJson } from '@rnn/tokenizers';
import * as tf from '@tensorflow/tfjs';
import type { ResolvedSeq2SeqConfig } from '../model/config.js';
import { Seq2Seq } from '../model/seq2seq.js';
import { BUNDLE_FILES, BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, BUNDLE_V1_FILES, type BundleManifest, WEIGHTS_LAYOUT } from './bundle-format.js';
import type { BundleStore } from './bundle-store.js';
import { bundleFilePath, readBundleJson } from './bundle-store-json.js';
import { resolveBundleStore } from './resolve-bundle-store.js';
import type { NamedTensor, StoredTrainingState } from './save-seq2seq.js';
import { decodeV1TensorFile, type TensorManifestEntry } from './tensor-file.js';
import { fromTorchLayout } from './torch-layout.js';
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

/** The manifest of a version-1 bundle (our own binary layout, `weights.bin`). */
interface BundleManifestV1 {
  format: typeof BUNDLE_FORMAT;
  formatVersion: 1;
  config: ResolvedSeq2SeqConfig;
  weights: TensorManifestEntry[];
  vocabularies: { source: boolean; target: boolean };
  trainingTensors: TensorManifestEntry[] | null;
}

/**
 * Read a seq2seq bundle through a {@link BundleStore}: format version 2 (written by {@link saveSeq2Seq}
 * or by Python's `rnn_ts_torch.save_bundle`) or version 1 (older `weights.bin` bundles).
 *
 * @throws FileFormatError when a file is missing, the store is not a seq2seq bundle, its format
 *   version is unknown, a weight is missing/extra/misshapen, or a vocabulary's size does not match the config.
 * @throws ShapeError when the stored weights do not match the stored config.
 * @example
 * ```ts
 * const { model } = await readSeq2SeqBundle(store);
 * ```
 */
export async function readSeq2SeqBundle<V extends VocabularyLike = Vocabulary>(store: BundleStore, args: LoadSeq2SeqArgs<V> = {}): Promise<LoadedSeq2Seq<V>> {
  const where = (file: string) => bundleFilePath(store, file);
  const json = <T>(file: string, what: string): Promise<T> => readBundleJson<T>(store, file, what);
  const manifestPath = where(BUNDLE_FILES.manifest);
  const m = checkManifest(await json<unknown>(BUNDLE_FILES.manifest, 'seq2seq bundle manifest'), manifestPath);
  if (m.format !== BUNDLE_FORMAT) {
    throw new FileFormatError(`Expected ${manifestPath} to have format "${BUNDLE_FORMAT}", but got ${JSON.stringify(m.format)}.`);
  }
  if (m.formatVersion !== BUNDLE_FORMAT_VERSION && m.formatVersion !== 1) {
    throw new FileFormatError(
      `Expected seq2seq bundle format version 1 or ${BUNDLE_FORMAT_VERSION} in ${manifestPath}, but got ${JSON.stringify((m as { formatVersion: unknown }).formatVersion)}; load it with the @rnn/seq2seq that wrote it and re-save it, or upgrade @rnn/seq2seq.`,
    );
  }
  if (m.formatVersion === BUNDLE_FORMAT_VERSION && m.weightsLayout !== WEIGHTS_LAYOUT) {
    throw new FileFormatError(`Expected weightsLayout "${WEIGHTS_LAYOUT}" in ${manifestPath}, but got ${JSON.stringify(m.weightsLayout)}.`);
  }
  let model: Seq2Seq;
  try {
    model = new Seq2Seq(m.config);
  } catch (err) {
    throw new FileFormatError(`Expected the config in ${manifestPath} to describe a Seq2Seq model, but: ${(err as Error).message}`);
  }
  try {
    const specs = model.weightSpecs();
    let weights: Float32Array[];
    if (m.formatVersion === 1) {
      if (m.weights.length !== specs.length) {
        throw new ShapeError(`Expected ${specs.length} weights for the bundle's config in ${manifestPath}, but the manifest lists ${m.weights.length}.`);
      }
      m.weights.forEach((e, i) => {
        const s = specs[i] as { name: string; shape: number[] };
        if (e.name !== s.name || !tf.util.arraysEqual(e.shape, s.shape)) {
          throw new ShapeError(`Expected weight ${i} of ${store.location} to be ${s.name} [${s.shape}] for its config, but got ${e.name} [${e.shape}].`);
        }
      });
      weights = decodeV1TensorFile(await store.read(BUNDLE_V1_FILES.weights), m.weights, where(BUNDLE_V1_FILES.weights)).map((t) => t.data);
    } else {
      const file = where(BUNDLE_FILES.weights);
      const { tensors } = readSafetensors(await store.read(BUNDLE_FILES.weights), { location: file });
      weights = fromTorchLayout(model.config, specs, tensors, file);
    }
    const ts = weights.map((d, i) => tf.tensor(d, (specs[i] as { shape: number[] }).shape, 'float32'));
    try {
      model.setWeights(ts);
    } finally {
      tf.dispose(ts);
    }
    const fromJSON: (json: unknown) => V = args.vocabularyFromJSON ?? defaultVocabularyReviver;
    const vocab = async (present: boolean, file: string, expected: number, which: string): Promise<V | null> => {
      if (!present || args.vocabularies === false) return null;
      const v = fromJSON(await json(file, `${which} vocabulary`));
      if (v.size !== expected) {
        throw new FileFormatError(
          `Expected the ${which} vocabulary ${where(file)} to have ${expected} entries (the model's ${which === 'source' ? 'sourceVocabSize' : 'targetVocabSize'}), but it has ${v.size}.`,
        );
      }
      return v;
    };
    const sourceVocab = await vocab(m.vocabularies.source, BUNDLE_FILES.sourceVocab, m.config.sourceVocabSize, 'source');
    const targetVocab = await vocab(m.vocabularies.target, BUNDLE_FILES.targetVocab, m.config.targetVocabSize, 'target');
    let trainingState: StoredTrainingState | null = null;
    if ((args.trainingState ?? true) && m.trainingTensors) {
      const state = await json(BUNDLE_FILES.trainingState, 'training state');
      let tensors: NamedTensor[];
      if (m.formatVersion === 1) {
        const file = where(BUNDLE_V1_FILES.trainingTensors);
        tensors = decodeV1TensorFile(await store.read(BUNDLE_V1_FILES.trainingTensors), m.trainingTensors, file).map((t) => ({
          name: t.name,
          tensor: tf.tensor(t.data, t.shape, 'float32'),
        }));
      } else {
        const file = where(BUNDLE_FILES.trainingTensors);
        const stored = readSafetensors(await store.read(BUNDLE_FILES.trainingTensors), { location: file }).tensors;
        tensors = m.trainingTensors.map((name) => {
          const t = stored.get(name);
          if (!t) throw new FileFormatError(`Expected ${file} to hold the training tensor ${name} listed in ${manifestPath}, but it is missing.`);
          return { name, tensor: tf.tensor(t.data, t.shape, t.data instanceof Int32Array ? 'int32' : 'float32') };
        });
      }
      trainingState = { state, tensors };
    }
    return { model, sourceVocab, targetVocab, trainingState };
  } catch (err) {
    model.dispose();
    throw err;
  }
}

/**
 * Load a bundle written by {@link saveSeq2Seq} (or by Python's `rnn_ts_torch.save_bundle`), from a URL of
 * the bundle folder served as static files, `indexeddb://name`, any {@link BundleStore}, or in Node (with
 * `@rnn/seq2seq/node`) a folder path; see {@link readSeq2SeqBundle} for what is checked.
 *
 * @throws FileFormatError when the bundle or one of its files is missing, or as {@link readSeq2SeqBundle}.
 * @example
 * ```ts
 * const { model, sourceVocab, targetVocab } = await loadSeq2Seq('runs/fr-en');
 * ```
 */
export async function loadSeq2Seq<V extends VocabularyLike = Vocabulary>(
  location: string | BundleStore,
  args: LoadSeq2SeqArgs<V> = {},
): Promise<LoadedSeq2Seq<V>> {
  return readSeq2SeqBundle(resolveBundleStore(location), args);
}

/** Config keys and values of bundles written before the names were unified (`srcVocabSize`, `'luong-general'`). */
const LEGACY_CONFIG_KEYS: Readonly<Record<string, string>> = { srcVocabSize: 'sourceVocabSize', tgtVocabSize: 'targetVocabSize' };
const LEGACY_ATTENTION: Readonly<Record<string, string>> = { 'luong-dot': 'luongDot', 'luong-general': 'luongGeneral' };

/**
 * The manifest's JSON shape, checked before anything reads it: an object with `format`, `formatVersion`, a
 * `config` object, `vocabularies: { source, target }` booleans, and the tensor lists of its version; a
 * config written with the older names is read under the current ones.
 */
function checkManifest(raw: unknown, path: string): BundleManifest | BundleManifestV1 {
  const fail = (what: string, got: unknown): never => {
    throw new FileFormatError(`Expected ${path} to be a seq2seq bundle manifest with ${what}, but got ${describeValue(got)}.`);
  };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) fail('a JSON object', raw);
  const m = raw as Record<string, unknown>;
  if (typeof m.format !== 'string') fail('a "format" string', m.format);
  if (typeof m.formatVersion !== 'number') fail('a numeric "formatVersion"', m.formatVersion);
  if (m.config === null || typeof m.config !== 'object' || Array.isArray(m.config)) fail('a "config" object', m.config);
  const v = m.vocabularies as Record<string, unknown> | null | undefined;
  if (v === null || typeof v !== 'object' || typeof v.source !== 'boolean' || typeof v.target !== 'boolean') {
    fail('"vocabularies": { "source": boolean, "target": boolean }', v);
  }
  if (m.formatVersion === 1 && !Array.isArray(m.weights)) fail('a "weights" list (format version 1)', m.weights);
  if (m.trainingTensors !== null && m.trainingTensors !== undefined && !Array.isArray(m.trainingTensors)) {
    fail('"trainingTensors" null or a list', m.trainingTensors);
  }
  const config: Record<string, unknown> = {};
  for (const [k, value] of Object.entries(m.config as Record<string, unknown>)) config[LEGACY_CONFIG_KEYS[k] ?? k] = value;
  if (typeof config.attention === 'string') config.attention = LEGACY_ATTENTION[config.attention] ?? config.attention;
  return { ...m, config, trainingTensors: m.trainingTensors ?? null } as unknown as BundleManifest | BundleManifestV1;
}

function defaultVocabularyReviver<V>(json: unknown): V {
  return Vocabulary.fromJSON(json as VocabularyJson) as unknown as V;
}
