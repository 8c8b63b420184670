import * as tf from '@tensorflow/tfjs';
import type { CellState } from '../model/recurrent-ops.js';
import type { EncoderOutput } from '../model/seq2seq.js';

/** What a step-by-step decoder holds between steps; each field may still be unset when decoding throws early. */
export interface DecodeHoldings {
  enc: EncoderOutput | null;
  states: CellState[];
  prev: tf.Tensor | null;
  suppress: tf.Tensor | null;
  src: { tensor: tf.Tensor; owned: boolean } | null;
}

/**
 * Dispose everything a decoder holds (the encoder output, the current states, the previous tokens, the
 * suppression bias and an owned source tensor), for the `finally` of greedy, sampling and beam search.
 */
export function releaseDecode({ enc, states, prev, suppress, src }: DecodeHoldings): void {
  if (enc) {
    if (states !== enc.states) tf.dispose(states.flat());
    tf.dispose([enc.memory, enc.maskBias, ...enc.states.flat()]);
    if (enc.keys && enc.keys !== enc.memory) enc.keys.dispose();
  }
  if (prev) prev.dispose();
  suppress?.dispose();
  if (src?.owned) src.tensor.dispose();
}
