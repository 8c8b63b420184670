import { describeValue, FileFormatError, NotImplementedError, ShapeError, ValueError } from '@rnn/core';
import * as tf from '@tensorflow/tfjs';
import { type BidirectionalArgs, bidirectional } from '../layers/bidirectional.js';
import { type GRUArgs, gru, type LSTMArgs, lstm, type SimpleRNNArgs, simpleRNN } from '../layers/factories.js';
import { registerLayers } from '../layers/register.js';
import { handlerForLocation } from './folder-handler.js';
import {
  KERAS_RECURRENT_CLASSES,
  type KerasRecurrentClass,
  type LayerConfig,
  nestedLayer,
  type RecurrentLayerFactories,
  recurrentArgs,
} from './keras-recurrent-config.js';

/**
 * Options of {@link loadKerasModel}.
 *
 * @example
 * ```ts
 * const log: string[] = [];
 * const args: LoadKerasModelArgs = { strict: false, warn: (m) => log.push(m) };
 * ```
 */
export interface LoadKerasModelArgs {
  /**
   * Throw when a weight in the manifest is not used or a layer's weights are not all found.
   * Default: `true`.
   */
  strict?: boolean;
  /** Where warnings go (e.g. a regularizer the imported layer cannot apply). Default: `console.warn`. */
  warn?: (message: string) => void;
  /** The factories Keras GRU/LSTM/SimpleRNN/Bidirectional configs are rebuilt with. Default: ours. */
  factories?: RecurrentLayerFactories;
}

/**
 * Defaults of {@link LoadKerasModelArgs}.
 *
 * @example
 * ```ts
 * LOAD_KERAS_MODEL_DEFAULTS.strict; // true
 * ```
 */
export const LOAD_KERAS_MODEL_DEFAULTS = { strict: true } as const;

/**
 * Our factories: the default {@link RecurrentLayerFactories}. The args come from `recurrentArgs`, which
 * keeps only the keys our layers take; the factories validate the values (units, activations, …).
 */
const OUR_FACTORIES: RecurrentLayerFactories = {
  gru: (a) => gru(a as unknown as GRUArgs),
  lstm: (a) => lstm(a as unknown as LSTMArgs),
  simpleRNN: (a) => simpleRNN(a as unknown as SimpleRNNArgs),
  bidirectional: (a) => bidirectional(a as unknown as BidirectionalArgs),
};

type RnnClass = 'GRU' | 'LSTM' | 'SimpleRNN';
type ImportContext = (className: KerasRecurrentClass, config: LayerConfig) => tf.layers.Layer;

/**
 * Keras' own class names are rewritten to these placeholders before tfjs deserialises the
 * topology; each placeholder's `fromConfig` builds our layer through the running import's context.
 * (Passing `customObjects` instead trips a tfjs 4.22 bug: a nested deserialise during a custom
 * `fromConfig`, as tfjs' Bidirectional does, looks up `_GLOBAL_CUSTOM_OBJECTS['className']`.)
 */
const PLACEHOLDER_PREFIX = 'RnnKerasImport';
let currentContext: ImportContext | null = null;
let placeholdersRegistered = false;

function fromPlaceholder(className: string): string {
  return className.startsWith(PLACEHOLDER_PREFIX) ? className.slice(PLACEHOLDER_PREFIX.length) : className;
}

function registerPlaceholders(): void {
  if (placeholdersRegistered) return;
  for (const kerasClass of KERAS_RECURRENT_CLASSES) {
    const placeholder = class extends tf.serialization.Serializable {
      static className = PLACEHOLDER_PREFIX + kerasClass;
      getConfig(): tf.serialization.ConfigDict {
        return {};
      }
      static override fromConfig<T extends tf.serialization.Serializable>(_cls: unknown, config: tf.serialization.ConfigDict): T {
        if (currentContext === null) {
          throw new ValueError(`${PLACEHOLDER_PREFIX}${kerasClass} is internal to loadKerasModel and cannot be deserialised on its own.`);
        }
        return currentContext(kerasClass, config as LayerConfig) as unknown as T;
      }
    };
    tf.serialization.registerClass(placeholder as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>);
  }
  placeholdersRegistered = true;
}

/** Rewrite every Keras GRU/LSTM/SimpleRNN/Bidirectional `class_name` in the topology to its placeholder. */
function renameRecurrent(node: unknown): void {
  if (Array.isArray(node)) {
    for (const n of node) renameRecurrent(n);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const obj = node as Record<string, unknown>;
  if (typeof obj.class_name === 'string' && (KERAS_RECURRENT_CLASSES as readonly string[]).includes(obj.class_name)) {
    obj.class_name = PLACEHOLDER_PREFIX + obj.class_name;
  }
  for (const v of Object.values(obj)) renameRecurrent(v);
}

/** Kind of weight → its position inside one direction (Keras `layer.weights` order). */
const WEIGHT_ORDER: Record<string, number> = {
  kernel: 0,
  recurrent_kernel: 1,
  bias: 2,
  input_gate_peephole_weights: 3,
  forget_gate_peephole_weights: 4,
  output_gate_peephole_weights: 5,
};

/** Keras 3 writes a few things tfjs (a Keras 2 port) does not read: normalise them in place. */
function normaliseKeras3(node: unknown): void {
  if (Array.isArray(node)) {
    for (const n of node) normaliseKeras3(n);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const obj = node as Record<string, unknown>;
  if (typeof obj.class_name === 'string' && obj.config !== null && typeof obj.config === 'object') {
    const cfg = obj.config as Record<string, unknown>;
    const dtype = cfg.dtype as { config?: { name?: unknown } } | undefined;
    if (dtype !== null && typeof dtype === 'object' && typeof dtype.config?.name === 'string') cfg.dtype = dtype.config.name;
    if ('batch_shape' in cfg && !('batch_input_shape' in cfg)) {
      cfg.batch_input_shape = cfg.batch_shape;
      delete cfg.batch_shape;
    }
    delete obj.module;
    delete obj.registered_name;
    delete obj.build_config;
  }
  for (const v of Object.values(obj)) normaliseKeras3(v);
}

/**
 * Load a Keras model saved by the tensorflowjs converter (`tensorflowjs_converter --input_format
 * keras`, format `"layers-model"`: `model.json` with `modelTopology.model_config` of class
 * `Sequential` or `Functional`/`Model` plus binary weight shards) whose recurrent layers tfjs-layers
 * cannot load: it rejects GRU `reset_after=True` (Keras' default), Keras' `[2, 3*units]` GRU bias
 * and the `…/gru_cell/kernel` weight names of newer Keras.
 *
 * GRU, LSTM, SimpleRNN and Bidirectional layers are rebuilt with our layers (snake_case config
 * mapped to camelCase args: `reset_after` → `resetAfter`, `return_sequences` → `returnSequences`,
 * …; initializers and the execution hints `unroll`/`implementation` are dropped as they do not
 * change the numbers; regularizers/constraints are dropped with a warning); every other layer
 * (Dense, Embedding, Dropout, InputLayer, TimeDistributed, …) is tfjs' own. Weights are matched
 * by layer name (`gru/gru_cell/kernel`, `gru/kernel`, `bidirectional/forward_gru/…` all work) and
 * set in Keras order.
 *
 * @param pathOrHandler - a URL of its `model.json` (`http(s)://`, `indexeddb://`, `localstorage://`: tfjs'
 *   own handlers), any `tf.io.IOHandler`, or in Node with `@rnn/layers/node` a model folder or a path to
 *   its `model.json`.
 * @param args - see {@link LoadKerasModelArgs}.
 * @returns the model, ready for `predict`, `fit` (after `compile`) and `save(fileSystem(dir))`.
 * @throws FileFormatError for a missing/malformed model.json or weights file, a graph model, a
 *   model without `weightsManifest` (it would otherwise get random weights), a topology that is not
 *   a Keras model config, or a weight whose dtype differs from the layer's;
 *   ValueError for an unknown recurrent config key or (strict) unmatched weights; ShapeError for a
 *   weight whose shape differs from the layer's; NotImplementedError for `time_major=True`.
 * @example
 * ```ts
 * import { loadKerasModel } from '@rnn/layers/node'; // '@rnn/layers' in a browser, with a URL
 * // exported from Python: tensorflowjs_converter --input_format keras model.h5 web_model/
 * const model = await loadKerasModel('web_model');      // or 'web_model/model.json'
 * const y = model.predict(tf.tensor2d([[1, 2, 3, 4, 5]])) as tf.Tensor; // [1, 5, classes]
 * ```
 */
export async function loadKerasModel(pathOrHandler: string | tf.io.IOHandler, args: LoadKerasModelArgs = {}): Promise<tf.LayersModel> {
  const strict = args.strict ?? LOAD_KERAS_MODEL_DEFAULTS.strict;
  const warn = args.warn ?? ((m: string) => console.warn(m));
  const factories = args.factories ?? OUR_FACTORIES;
  // So that the loaded model can be saved and reloaded with tf.loadLayersModel.
  registerLayers();
  const handler = typeof pathOrHandler === 'string' ? handlerForLocation(pathOrHandler, 'pathOrHandler') : pathOrHandler;
  if (handler === null || typeof handler !== 'object' || typeof handler.load !== 'function') {
    throw new ValueError(`Expected \`pathOrHandler\` to be a path or a tf.io.IOHandler with load(), but got ${describeValue(pathOrHandler)}.`);
  }
  const where = typeof pathOrHandler === 'string' ? pathOrHandler : 'the IO handler';
  const artifacts = await handler.load();
  if (artifacts.format !== undefined && artifacts.format !== 'layers-model') {
    throw new FileFormatError(`Expected a Keras "layers-model" from ${where}, but its format is ${describeValue(artifacts.format)}.`);
  }
  const topology = artifacts.modelTopology;
  if (topology == null || topology instanceof ArrayBuffer || typeof topology !== 'object') {
    throw new FileFormatError(`Expected a JSON \`modelTopology\` from ${where}, but got ${describeValue(topology)}.`);
  }
  if (artifacts.weightSpecs === undefined || artifacts.weightData === undefined) {
    throw new FileFormatError(
      `Expected ${where} to have a \`weightsManifest\` with the model's weights, but it has none; the model would get fresh random weights.`,
    );
  }
  if (!Array.isArray(artifacts.weightSpecs)) {
    throw new FileFormatError(
      `Expected the weight specs (\`weightsManifest[].weights\`) of ${where} to be an array, but got ${describeValue(artifacts.weightSpecs)}.`,
    );
  }
  const rawConfig = (topology as { model_config?: unknown }).model_config ?? topology;
  const cfg = rawConfig as { class_name?: unknown; config?: unknown };
  if (
    rawConfig === null ||
    typeof rawConfig !== 'object' ||
    Array.isArray(rawConfig) ||
    typeof cfg.class_name !== 'string' ||
    cfg.config === null ||
    typeof cfg.config !== 'object'
  ) {
    throw new FileFormatError(
      `Expected \`modelTopology.model_config\` (or \`modelTopology\`) of ${where} to be a Keras model config { class_name, config }, but got ${describeValue(rawConfig)}.`,
    );
  }
  // A JSON deep copy, not structuredClone: under jest (vm realms) its arrays fail tfjs' `instanceof Array`.
  const modelConfig: unknown = JSON.parse(JSON.stringify(rawConfig));
  normaliseKeras3(modelConfig);

  // Recurrent layers by name → whether they are bidirectional, for weight ordering.
  const recurrent = new Map<string, boolean>();
  const rnn = (className: RnnClass, config: LayerConfig): tf.layers.Layer => {
    const a = recurrentArgs(className, config, warn);
    return className === 'GRU' ? factories.gru(a) : className === 'LSTM' ? factories.lstm(a) : factories.simpleRNN(a);
  };
  const build: ImportContext = (className, config) => {
    if (className !== 'Bidirectional') {
      const layer = rnn(className, config);
      recurrent.set(layer.name, false);
      return layer;
    }
    const name = typeof config.name === 'string' ? config.name : 'bidirectional';
    const inner = nestedLayer(config.layer, `the \`layer\` of Bidirectional ${describeValue(name)}`);
    const innerClass = fromPlaceholder(inner.className);
    if (innerClass !== 'GRU' && innerClass !== 'LSTM' && innerClass !== 'SimpleRNN') {
      throw new NotImplementedError(`Bidirectional ${describeValue(name)} wraps a ${inner.className}; only GRU, LSTM and SimpleRNN are supported.`);
    }
    if (config.backwardLayer != null) {
      const back = nestedLayer(config.backwardLayer, `the \`backward_layer\` of Bidirectional ${describeValue(name)}`);
      if (fromPlaceholder(back.className) !== innerClass) {
        throw new NotImplementedError(`Bidirectional ${describeValue(name)} has a ${back.className} backward layer unlike its ${innerClass} forward layer.`);
      }
    }
    const bidiArgs: Record<string, unknown> = { layer: rnn(innerClass, inner.config), mergeMode: config.mergeMode ?? null };
    for (const key of ['name', 'batchInputShape', 'inputShape']) if (config[key] != null) bidiArgs[key] = config[key];
    const layer = factories.bidirectional(bidiArgs);
    if (config.trainable === false) layer.trainable = false;
    recurrent.set(layer.name, true);
    return layer;
  };

  registerPlaceholders();
  renameRecurrent(modelConfig);
  // tfjs deserialises synchronously inside modelFromJSON before its first await, so the context
  // is only visible to this call's placeholders (JS runs one synchronous section at a time).
  currentContext = build;
  let pending: Promise<tf.LayersModel>;
  try {
    pending = tf.models.modelFromJSON({ modelTopology: modelConfig as tf.io.ModelJSON['modelTopology'] });
  } finally {
    currentContext = null;
  }
  const model = await pending;
  try {
    assignWeights(model, artifacts, recurrent, strict, where);
  } catch (err) {
    model.dispose();
    throw err;
  }
  return model;
}

function weightKey(name: string, bidirectional: boolean): number {
  const segs = name.replace(/:\d+$/, '').split('/');
  const kind = WEIGHT_ORDER[segs[segs.length - 1] as string] ?? 99;
  const dir = bidirectional ? (segs.some((s) => s.startsWith('backward_')) ? 1 : 0) : 0;
  return dir * 100 + kind;
}

function assignWeights(model: tf.LayersModel, artifacts: tf.io.ModelArtifacts, recurrent: Map<string, boolean>, strict: boolean, where: string): void {
  const specs = artifacts.weightSpecs ?? [];
  const named: tf.NamedTensorMap = artifacts.weightData !== undefined ? tf.io.decodeWeights(artifacts.weightData, specs) : {};
  try {
    const names = specs.map((s) => s.name);
    const used = new Set<string>();
    for (const layer of model.layers) {
      const count = layer.weights.length;
      if (count === 0) continue;
      const own = names.filter((n) => {
        const segs = n.replace(/:\d+$/, '').split('/');
        return segs.slice(0, -1).includes(layer.name);
      });
      if (own.length === 0) {
        if (strict) throw new ValueError(`Expected weights for layer ${describeValue(layer.name)} in ${where}, but the manifest has none under that name.`);
        continue;
      }
      const bidi = recurrent.get(layer.name);
      const ordered = bidi === undefined ? own : [...own].sort((a, b) => weightKey(a, bidi) - weightKey(b, bidi));
      if (ordered.length !== count) {
        throw new ValueError(
          `Expected ${count} weights for layer ${describeValue(layer.name)} (${layer.getClassName()}), but ${where} has ${ordered.length}: ${describeValue(ordered)}.`,
        );
      }
      const values = ordered.map((n, i) => {
        const t = named[n] as tf.Tensor;
        const want = layer.weights[i]?.shape ?? [];
        if (t.shape.length !== want.length || t.shape.some((d, k) => d !== want[k])) {
          throw new ShapeError(
            `Expected weight ${describeValue(n)} of layer ${describeValue(layer.name)} to have shape [${want.join(',')}], but got [${t.shape.join(',')}] (in ${where}).`,
          );
        }
        const wantDtype = layer.weights[i]?.dtype ?? 'float32';
        if (t.dtype !== wantDtype) {
          throw new FileFormatError(
            `Expected the \`dtype\` of weight ${describeValue(n)} of layer ${describeValue(layer.name)} in ${where} to be ${describeValue(wantDtype)}, but the manifest says ${describeValue(t.dtype)}.`,
          );
        }
        used.add(n);
        return t;
      });
      layer.setWeights(values);
    }
    const unused = names.filter((n) => !used.has(n));
    if (strict && unused.length > 0) {
      throw new ValueError(`Expected every weight in ${where} to belong to a layer, but ${describeValue(unused)} matched none.`);
    }
  } finally {
    tf.dispose(Object.values(named));
  }
}
