import * as tf from '@tensorflow/tfjs';

/**
 * Whether a gradient tape is recording (inside `tf.grads`, `tf.variableGrads`, `optimizer.minimize`). The engine's
 * `isTapeOn` is not in its public typings; when it is missing we answer true, which keeps the differentiable path.
 *
 * @example
 * ```ts
 * tapeIsOn(); // false outside any gradient computation
 * ```
 */
export function tapeIsOn(): boolean {
  const engine = tf.engine() as unknown as { isTapeOn?: () => boolean };
  return typeof engine.isTapeOn === 'function' ? engine.isTapeOn() : true;
}
