import { ValueError, writeSafetensors } from '@rnn/core';
import * as tf from '@tensorflow/tfjs';
import type { Seq2Seq } from '../model/seq2seq.js';
import { BUNDLE_FILES, BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, type BundleManifest, WEIGHTS_LAYOUT } from './bundle-format.js';
import type { BundleStore } from './bundle-store.js';
import { resolveBundleStore } from './resolve-bundle-store.js';
import { toTorchLayout } from './torch-layout.js';
import type { VocabularyLike } from './vocabulary-like.js';

/**
 * A named tensor, as tfjs optimizers' `getWeights()` return them.
 *
 * @example
 * ```ts
 * const slots: NamedTensor[] = await optimizer.getWeights();
 * ```
 */
export interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

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
  /** Tensors such as the optimizer's moments (`optimizer.getWeights()`), in order; names must be unique. */
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
 * The files of a seq2seq bundle (name → bytes), ready for a `BundleStore`'s `writeAll`.
 *
 * Layout (format version 2): `bundle.json` (format, version, config), `weights.safetensors` (float32, tensor
 * names and layouts of the PyTorch mirror's `state_dict()`, see `torch-layout.ts`), `source-vocab.json`,
 * `target-vocab.json`, and for a checkpoint `training-state.json` + `training-state.safetensors` (optimizer
 * slots under their tfjs names).
 *
 * @throws ValueError when two training-state tensors share a name.
 * @example
 * ```ts
 * const files = encodeSeq2SeqBundle(model, { sourceVocab, targetVocab }); files.get('weights.safetensors');
 * ```
 */
export function encodeSeq2SeqBundle(model: Seq2Seq, args: SaveSeq2SeqArgs = {}): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const text = (value: unknown) => new TextEncoder().encode(`${JSON.stringify(value)}\n`);
  const weights = model.getWeights();
  try {
    const data = weights.map((w) => w.dataSync() as Float32Array);
    files.set(BUNDLE_FILES.weights, writeSafetensors(toTorchLayout(model.config, model.weightSpecs(), data), { format: 'pt' }));
  } finally {
    tf.dispose(weights);
  }
  if (args.sourceVocab) files.set(BUNDLE_FILES.sourceVocab, text(args.sourceVocab.toJSON()));
  if (args.targetVocab) files.set(BUNDLE_FILES.targetVocab, text(args.targetVocab.toJSON()));
  let trainingTensors: string[] | null = null;
  if (args.trainingState) {
    files.set(BUNDLE_FILES.trainingState, text(args.trainingState.state));
    trainingTensors = args.trainingState.tensors.map((t) => t.name);
    if (new Set(trainingTensors).size !== trainingTensors.length) {
      throw new ValueError(`Expected unique training-state tensor names, but got ${JSON.stringify(trainingTensors)}.`);
    }
    files.set(
      BUNDLE_FILES.trainingTensors,
      writeSafetensors(
        args.trainingState.tensors.map(({ name, tensor }) => ({
          name,
          shape: tensor.shape,
          data: tensor.dtype === 'int32' ? (tensor.dataSync() as Int32Array) : Float32Array.from(tensor.dataSync()),
        })),
      ),
    );
  }
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_FORMAT_VERSION,
    config: model.config,
    weightsLayout: WEIGHTS_LAYOUT,
    vocabularies: { source: args.sourceVocab !== undefined, target: args.targetVocab !== undefined },
    trainingTensors,
    writtenBy: '@rnn/seq2seq',
  };
  files.set(BUNDLE_FILES.manifest, text(manifest));
  return files;
}

/**
 * Save a model (config + weights), its vocabularies and optional training state as one bundle, to
 * `indexeddb://name`, any {@link BundleStore}, or in Node (with `@rnn/seq2seq/node`) a folder path.
 * The files are those of {@link encodeSeq2SeqBundle}, handed to the store's `writeAll` at once, which is
 * atomic for a folder (a temporary sibling folder replaces it only once complete) and for IndexedDB (one
 * transaction), so a crash or error mid-way leaves the previous bundle intact. Python loads a folder
 * bundle with `rnn_ts_torch.load_bundle(dir)`.
 *
 * @example
 * ```ts
 * await saveSeq2Seq('runs/fr-en', model, { sourceVocab, targetVocab });
 * ```
 */
export async function saveSeq2Seq(location: string | BundleStore, model: Seq2Seq, args: SaveSeq2SeqArgs = {}): Promise<void> {
  const store = resolveBundleStore(location);
  await store.writeAll(encodeSeq2SeqBundle(model, args));
}
