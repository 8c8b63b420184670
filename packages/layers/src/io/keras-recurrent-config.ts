import { describeValue, NotImplementedError, ValueError } from '@rnn/core';
import type * as tf from '@tensorflow/tfjs';

/**
 * The Keras recurrent layer classes `loadKerasModel` maps to ours.
 *
 * @example
 * ```ts
 * const c: KerasRecurrentClass = 'GRU';
 * ```
 */
export type KerasRecurrentClass = 'GRU' | 'LSTM' | 'SimpleRNN' | 'Bidirectional';

/**
 * Every {@link KerasRecurrentClass}.
 *
 * @example
 * ```ts
 * KERAS_RECURRENT_CLASSES.includes('LSTM'); // true
 * ```
 */
export const KERAS_RECURRENT_CLASSES: readonly KerasRecurrentClass[] = ['GRU', 'LSTM', 'SimpleRNN', 'Bidirectional'];

/**
 * The layer factories a Keras recurrent config is rebuilt with: ours (`gru`, `lstm`, `simpleRNN`,
 * `bidirectional`) by default. Each takes camelCase args and returns a `tf.layers.Layer`.
 *
 * @example
 * ```ts
 * // load with tfjs' own layers instead (works for LSTM/SimpleRNN; tfjs has no reset-after GRU)
 * const stock: RecurrentLayerFactories = {
 *   gru: (a) => tf.layers.gru(a as never), lstm: (a) => tf.layers.lstm(a as never),
 *   simpleRNN: (a) => tf.layers.simpleRNN(a as never), bidirectional: (a) => tf.layers.bidirectional(a as never),
 * };
 * const model = await loadKerasModel('web_model', { factories: stock });
 * ```
 */
export interface RecurrentLayerFactories {
  gru: (args: Record<string, unknown>) => tf.layers.Layer;
  lstm: (args: Record<string, unknown>) => tf.layers.Layer;
  simpleRNN: (args: Record<string, unknown>) => tf.layers.Layer;
  bidirectional: (args: Record<string, unknown>) => tf.layers.Layer;
}

/** A camelCased layer config as tfjs' deserializer hands it over (`convertPythonicToTs` of the Keras JSON). */
export type LayerConfig = Record<string, unknown>;

/** Config keys common to every layer that carry over unchanged. */
const BASE_KEYS = ['name', 'trainable', 'batchInputShape', 'inputShape', 'batchSize', 'inputDim', 'inputLength'];
/** Recurrent config keys we honour, per class (camelCase). */
const RNN_KEYS: Record<'GRU' | 'LSTM' | 'SimpleRNN', string[]> = {
  SimpleRNN: ['units', 'activation', 'useBias', 'returnSequences', 'returnState', 'goBackwards', 'stateful', 'dropout', 'recurrentDropout'],
  LSTM: [
    'units',
    'activation',
    'recurrentActivation',
    'useBias',
    'unitForgetBias',
    'returnSequences',
    'returnState',
    'goBackwards',
    'stateful',
    'dropout',
    'recurrentDropout',
  ],
  GRU: [
    'units',
    'activation',
    'recurrentActivation',
    'useBias',
    'resetAfter',
    'returnSequences',
    'returnState',
    'goBackwards',
    'stateful',
    'dropout',
    'recurrentDropout',
  ],
};
/**
 * Keys dropped on purpose: initializers (the loaded weights replace the initial values), execution
 * hints with no numeric effect (`unroll`, `implementation`: our fused path is always used), and
 * bookkeeping (`customObjects`, Keras 3's `module` / `registeredName` / `buildConfig` / `seed`).
 */
const DROPPED = new Set([
  'kernelInitializer',
  'recurrentInitializer',
  'biasInitializer',
  'unroll',
  'implementation',
  'customObjects',
  'dtype',
  'timeMajor',
  'zeroOutputForMask',
  'seed',
  'module',
  'registeredName',
  'buildConfig',
]);
/** Keys that change training but that the rebuilt layer cannot carry: dropped with a warning when set. */
const WARNED = [
  'kernelRegularizer',
  'recurrentRegularizer',
  'biasRegularizer',
  'activityRegularizer',
  'kernelConstraint',
  'recurrentConstraint',
  'biasConstraint',
];

/**
 * Map one Keras GRU/LSTM/SimpleRNN config (camelCased by tfjs) to the args of our factory.
 * Unknown keys throw (silently dropping an option could change the numbers); `timeMajor: true`
 * is refused; regularizers/constraints are dropped with one warning per layer; a GRU config
 * without `reset_after` (Keras < 2.1.3) maps to `resetAfter: false`.
 */
export function recurrentArgs(className: 'GRU' | 'LSTM' | 'SimpleRNN', config: LayerConfig, warn: (m: string) => void): Record<string, unknown> {
  const name = typeof config.name === 'string' ? config.name : className;
  if (config.timeMajor === true) {
    throw new NotImplementedError(`Layer ${describeValue(name)}: \`time_major=True\` is not supported; inputs are [batch, time, features].`);
  }
  const keep = new Set([...BASE_KEYS, ...RNN_KEYS[className]]);
  const args: Record<string, unknown> = {};
  const dropped: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    if (keep.has(key)) {
      if (value !== null && value !== undefined) args[key] = value;
    } else if (WARNED.includes(key)) {
      if (value !== null && value !== undefined) dropped.push(key);
    } else if (!DROPPED.has(key)) {
      throw new ValueError(`Layer ${describeValue(name)} (${className}): unknown config key \`${key}\` = ${describeValue(value)}; cannot map it to our layer.`);
    }
  }
  // Keras before 2.1.3 had no `reset_after` and computed the reset-before GRU; since then the key is
  // always serialised. So a GRU config without it is a reset-before GRU (our default is reset-after).
  if (className === 'GRU' && !('resetAfter' in config)) args.resetAfter = false;
  if (dropped.length > 0) {
    warn(`loadKerasModel: layer ${describeValue(name)} (${className}) has ${dropped.join(', ')}, which the imported layer does not apply.`);
  }
  return args;
}

/** The class name and config of a nested `{ className, config }` (tfjs-camelCased) layer spec. */
export function nestedLayer(value: unknown, where: string): { className: string; config: LayerConfig } {
  const v = value as { className?: unknown; config?: unknown } | null;
  if (v === null || typeof v !== 'object' || typeof v.className !== 'string' || v.config === null || typeof v.config !== 'object') {
    throw new ValueError(`Expected ${where} to be a { class_name, config } layer spec, but got ${describeValue(value)}.`);
  }
  return { className: v.className, config: v.config as LayerConfig };
}
