// Closed option unions shared by the cells, and how each maps to tfjs.
import * as tf from '@tensorflow/tfjs';

/**
 * Output activations a cell accepts.
 *
 * @example
 * ```ts
 * const activation: Activation = 'relu';
 * simpleRNN({ units: 8, activation });
 * ```
 */
export type Activation = 'tanh' | 'sigmoid' | 'relu' | 'linear';
/**
 * Every accepted {@link Activation}.
 *
 * @example
 * ```ts
 * ACTIVATIONS; // ['tanh', 'sigmoid', 'relu', 'linear']
 * ```
 */
export const ACTIVATIONS: readonly Activation[] = ['tanh', 'sigmoid', 'relu', 'linear'];

/**
 * Gate activations. `hardSigmoid` is Keras 3's (`clip(x / 6 + 0.5, 0, 1)`), not tfjs' (`0.2x + 0.5`).
 *
 * @example
 * ```ts
 * const recurrentActivation: RecurrentActivation = 'hardSigmoid'; // Keras 3's x/6 + 0.5
 * gru({ units: 8, recurrentActivation });
 * ```
 */
export type RecurrentActivation = 'sigmoid' | 'hardSigmoid';
/**
 * Every accepted {@link RecurrentActivation}.
 *
 * @example
 * ```ts
 * RECURRENT_ACTIVATIONS; // ['sigmoid', 'hardSigmoid']
 * ```
 */
export const RECURRENT_ACTIVATIONS: readonly RecurrentActivation[] = ['sigmoid', 'hardSigmoid'];

/**
 * Weight initializers, by their tfjs/Keras camelCase name.
 *
 * @example
 * ```ts
 * const kernelInitializer: InitializerName = 'heUniform';
 * lstm({ units: 8, kernelInitializer, recurrentInitializer: 'orthogonal' });
 * ```
 */
export type InitializerName =
  | 'glorotUniform'
  | 'glorotNormal'
  | 'orthogonal'
  | 'zeros'
  | 'ones'
  | 'heNormal'
  | 'heUniform'
  | 'leCunNormal'
  | 'leCunUniform'
  | 'randomNormal'
  | 'randomUniform'
  | 'truncatedNormal';
/**
 * Every accepted {@link InitializerName}.
 *
 * @example
 * ```ts
 * INITIALIZER_NAMES.includes('orthogonal'); // true
 * ```
 */
export const INITIALIZER_NAMES: readonly InitializerName[] = [
  'glorotUniform',
  'glorotNormal',
  'orthogonal',
  'zeros',
  'ones',
  'heNormal',
  'heUniform',
  'leCunNormal',
  'leCunUniform',
  'randomNormal',
  'randomUniform',
  'truncatedNormal',
];

type TfInitializer = ReturnType<typeof tf.initializers.zeros>;

/** Build the tfjs initializer for a name; `seed` makes random ones reproducible. */
export function makeInitializer(name: InitializerName, seed?: number): TfInitializer {
  switch (name) {
    case 'glorotUniform':
      return tf.initializers.glorotUniform({ seed });
    case 'glorotNormal':
      return tf.initializers.glorotNormal({ seed });
    case 'orthogonal':
      return tf.initializers.orthogonal({ seed });
    case 'zeros':
      return tf.initializers.zeros();
    case 'ones':
      return tf.initializers.ones();
    case 'heNormal':
      return tf.initializers.heNormal({ seed });
    case 'heUniform':
      return tf.initializers.heUniform({ seed });
    case 'leCunNormal':
      return tf.initializers.leCunNormal({ seed });
    case 'leCunUniform':
      return tf.initializers.leCunUniform({ seed });
    case 'randomNormal':
      return tf.initializers.randomNormal({ stddev: 0.05, seed });
    case 'randomUniform':
      return tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed });
    case 'truncatedNormal':
      return tf.initializers.truncatedNormal({ stddev: 0.05, seed });
  }
}

/** Apply an output activation. */
export function activate(name: Activation, x: tf.Tensor): tf.Tensor {
  switch (name) {
    case 'tanh':
      return tf.tanh(x);
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'relu':
      return tf.relu(x);
    case 'linear':
      return x;
  }
}

/** Apply a gate activation. */
export function activateGate(name: RecurrentActivation, x: tf.Tensor): tf.Tensor {
  return name === 'sigmoid' ? tf.sigmoid(x) : tf.clipByValue(tf.add(tf.div(x, 6), 0.5), 0, 1);
}
