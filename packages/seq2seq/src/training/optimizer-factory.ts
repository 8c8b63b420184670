import { FusedAdamOptimizer, restoreAdamBetaPowers } from '@rnn/layers';
import * as tf from '@tensorflow/tfjs';

/**
 * Built-in optimizers (tfjs' own, with their defaults apart from the learning rate). `adam` is @rnn/layers'
 * `FusedAdamOptimizer`: tfjs' Adam whose update is one SIMD kernel per variable on wasm.
 *
 * @example
 * ```ts
 * fit(model, pairs, { optimizer: 'rmsprop', learningRate: 1e-3 });
 * ```
 */
export type OptimizerName = 'adam' | 'sgd' | 'rmsprop' | 'adagrad';

/** Create a tfjs optimizer by name. */
export function createOptimizer(name: OptimizerName, learningRate: number): tf.Optimizer {
  switch (name) {
    case 'adam':
      return new FusedAdamOptimizer(learningRate);
    case 'sgd':
      return tf.train.sgd(learningRate);
    case 'rmsprop':
      return tf.train.rmsprop(learningRate);
    case 'adagrad':
      return tf.train.adagrad(learningRate);
  }
}

/**
 * Change a tfjs optimizer's learning rate in place. tfjs reads `learningRate` at every
 * `applyGradients`; SGD caches it in a scalar, refreshed by its `setLearningRate`.
 */
export function setOptimizerLearningRate(optimizer: tf.Optimizer, lr: number): void {
  const o = optimizer as unknown as { learningRate: number; setLearningRate?: (lr: number) => void };
  if (o.learningRate === lr) return;
  if (typeof o.setLearningRate === 'function') o.setLearningRate(lr);
  else o.learningRate = lr;
}

/**
 * `optimizer.setWeights(weights)`, made exact for Adam: tfjs' Adam recomputes β₁ᵗ, β₂ᵗ with `pow`, while training
 * builds them by repeated float32 multiplication; the running products are put back (@rnn/layers
 * `restoreAdamBetaPowers`) so every later step equals the uninterrupted run's bit for bit. Other optimizers keep
 * only tensors and the iteration count, which `setWeights` restores exactly.
 *
 * @example
 * ```ts
 * await restoreOptimizerWeights(optimizer, saved); // saved = await other.getWeights()
 * ```
 */
export async function restoreOptimizerWeights(optimizer: tf.Optimizer, weights: Parameters<tf.Optimizer['setWeights']>[0]): Promise<void> {
  await optimizer.setWeights(weights);
  // Not `instanceof tf.AdamOptimizer`: tfjs' Optimizer[Symbol.hasInstance] accepts any optimizer.
  if (optimizer.getClassName() === 'Adam') restoreAdamBetaPowers(optimizer as tf.AdamOptimizer);
}
