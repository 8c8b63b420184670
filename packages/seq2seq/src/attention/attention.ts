import { type Rng, ValueError } from '@rnn/core';
import * as tf from '@tensorflow/tfjs';
import type { AttentionType } from '../model/config.js';
import { glorotUniform } from '../model/initializers.js';
import type { AttentionRead } from './luong-attention.js';

/**
 * Creates one of the model's weights: its stable name (as saved), its shape and its initial values.
 *
 * @example
 * ```ts
 * const add: AddWeight = (name, shape, values) => tf.variable(tf.tensor(values, shape));
 * ```
 */
export type AddWeight = (name: string, shape: number[], values: Float32Array) => tf.Variable;

/**
 * What an attention reads from: the encoder outputs, the keys precomputed from them by
 * {@link Attention.keys}, and the source padding bias (see `EncoderOutput`).
 *
 * @example
 * ```ts
 * const src: AttentionSource = { memory: enc.memory, keys: enc.keys, maskBias: enc.maskBias };
 * ```
 */
export interface AttentionSource {
  /** Encoder outputs `[batch, srcLen, units]`. */
  memory: tf.Tensor3D;
  /** From {@link Attention.keys}: `[batch, srcLen, units]`. */
  keys: tf.Tensor3D | null;
  /** `[batch, 1, srcLen]`: 0 on real source tokens, -1e9 on padding. */
  maskBias: tf.Tensor3D;
}

/**
 * An attention mechanism of a `Seq2Seq` (one class per {@link AttentionType} but `'none'`): it owns its
 * weights (named `attention/...`) and its scoring and reading step. Every kind ends with the attentional
 * vector h̃ = tanh(W_c[c; h]) (`attention/Wc [2·units, units]`, Luong et al. 2015).
 *
 * The decoder asks it at two points of a step: {@link Attention.readBeforeStep} with the previous top
 * state (Bahdanau: the context is fed to the decoder input) and {@link Attention.readAfterStep} with the
 * step's output (Luong). A kind answers at exactly one of them and returns null at the other.
 *
 * @example
 * ```ts
 * const attention = createAttention('luongGeneral', 64); // build(add, rng) creates its weights
 * ```
 */
export interface Attention {
  /** Which attention this is. */
  readonly kind: Exclude<AttentionType, 'none'>;
  /** Extra width of the first decoder layer's input (the context fed as input), 0 when it is not fed. */
  readonly decoderInputWidth: number;
  /** Whether {@link Attention.readSequence} can read all decoder steps at once (else training needs a step loop). */
  readonly readsAllSteps: boolean;
  /** Create the weights through `add`, drawing initial values from `rng` (in a fixed order). Called once. */
  build(add: AddWeight, rng: Rng): void;
  /** Keys `[batch, srcLen, units]` from the encoder outputs (the outputs themselves when unprojected). */
  keys(memory: tf.Tensor3D): tf.Tensor3D;
  /** Read for all steps from the decoder outputs `[batch, tgtLen, units]` (only when {@link Attention.readsAllSteps}). */
  readSequence(queries: tf.Tensor3D, source: AttentionSource): AttentionRead<tf.Tensor3D, tf.Tensor3D>;
  /** Read from the previous top decoder state `[batch, units]` before a step, or null. */
  readBeforeStep(state: tf.Tensor2D, source: AttentionSource): AttentionRead<tf.Tensor2D, tf.Tensor2D> | null;
  /** Read from a step's top decoder output `[batch, units]`, or null. */
  readAfterStep(output: tf.Tensor2D, source: AttentionSource): AttentionRead<tf.Tensor2D, tf.Tensor2D> | null;
  /** The attentional vector tanh(W_c[context; h]) for `[batch, units]` or `[batch, time, units]` inputs. */
  attentional(context: tf.Tensor, h: tf.Tensor): tf.Tensor;
}

/** `x·w` over the last axis of a `[batch, time, d]` tensor. */
export function timeDense(x: tf.Tensor3D, w: tf.Tensor2D): tf.Tensor3D {
  const [b, t, d] = x.shape;
  return tf.reshape(tf.matMul(tf.reshape(x, [b * t, d]), w), [b, t, w.shape[1]]);
}

/** The part every kind shares: the output weight W_c, created after the kind's own weights. */
export abstract class AttentionBase implements Attention {
  abstract readonly kind: Exclude<AttentionType, 'none'>;
  readonly decoderInputWidth: number = 0;
  readonly readsAllSteps: boolean = true;
  private wc: tf.Variable | null = null;

  /** @param units - the decoder's (and encoder's) width. */
  constructor(readonly units: number) {}

  build(add: AddWeight, rng: Rng): void {
    this.buildScore(add, rng);
    const u = this.units;
    this.wc = add('attention/Wc', [2 * u, u], glorotUniform(rng, 2 * u, u));
  }

  /** Create the score's own weights (before W_c). */
  protected abstract buildScore(add: AddWeight, rng: Rng): void;
  abstract keys(memory: tf.Tensor3D): tf.Tensor3D;
  abstract readSequence(queries: tf.Tensor3D, source: AttentionSource): AttentionRead<tf.Tensor3D, tf.Tensor3D>;
  abstract readBeforeStep(state: tf.Tensor2D, source: AttentionSource): AttentionRead<tf.Tensor2D, tf.Tensor2D> | null;
  abstract readAfterStep(output: tf.Tensor2D, source: AttentionSource): AttentionRead<tf.Tensor2D, tf.Tensor2D> | null;

  attentional(context: tf.Tensor, h: tf.Tensor): tf.Tensor {
    const cat = tf.concat([context, h], -1);
    const wc = built(this.wc, 'attention/Wc') as tf.Tensor2D;
    if (cat.rank === 2) return tf.tanh(tf.matMul(cat as tf.Tensor2D, wc));
    return tf.tanh(timeDense(cat as tf.Tensor3D, wc));
  }
}

/** A weight created by `build`, or an error naming it when `build` was not called. */
export function built(v: tf.Variable | null, name: string): tf.Variable {
  if (!v) throw new ValueError(`Expected attention weight ${name} to be built (call build() once), but it was not.`);
  return v;
}
