import type { Rng } from '@rnn/core';
import type * as tf from '@tensorflow/tfjs';
import { glorotUniform } from '../model/initializers.js';
import { type AddWeight, built, timeDense } from './attention.js';
import { LuongDotAttention } from './luong-dot-attention.js';

/**
 * Luong general attention: score(hₜ, h̄ₛ) = hₜ·W h̄ₛ, computed as a dot score against the keys
 * W·h̄ₛ (precomputed once per source). Weights: `attention/W [units, units]`, then `attention/Wc`.
 *
 * @example
 * ```ts
 * const a = new LuongGeneralAttention(64); // keys = memory · attention/W
 * ```
 */
export class LuongGeneralAttention extends LuongDotAttention {
  override readonly kind = 'luongGeneral' as const;
  private w: tf.Variable | null = null;

  protected override buildScore(add: AddWeight, rng: Rng): void {
    const u = this.units;
    this.w = add('attention/W', [u, u], glorotUniform(rng, u, u));
  }

  /** memory · W. */
  override keys(memory: tf.Tensor3D): tf.Tensor3D {
    return timeDense(memory, built(this.w, 'attention/W') as tf.Tensor2D);
  }
}
