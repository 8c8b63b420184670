import type { AttentionType } from '../model/config.js';
import type { Attention } from './attention.js';
import { BahdanauAttention } from './bahdanau-attention.js';
import { LuongDotAttention } from './luong-dot-attention.js';
import { LuongGeneralAttention } from './luong-general-attention.js';

/**
 * The attention object of a kind (unbuilt: call `build`), or null for `'none'`.
 *
 * @param kind - the model's {@link AttentionType}.
 * @param units - the decoder's width.
 * @example
 * ```ts
 * createAttention('bahdanau', 64)?.decoderInputWidth; // 64
 * createAttention('none', 64); // null
 * ```
 */
export function createAttention(kind: AttentionType, units: number): Attention | null {
  switch (kind) {
    case 'none':
      return null;
    case 'luongDot':
      return new LuongDotAttention(units);
    case 'luongGeneral':
      return new LuongGeneralAttention(units);
    case 'bahdanau':
      return new BahdanauAttention(units);
  }
}
