import { describeValue, FileFormatError, Rng, ValueError } from '@rnn/core';
import { simpleRNNSequence } from '@rnn/layers';
import * as tf from '@tensorflow/tfjs';

/** The tiny model's alphabet: one-hot over these three letters. */
export const TINY_ALPHABET = ['a', 'b', 'c'] as const;
/** Hidden units of the encoder and of the decoder (ReLU). */
export const TINY_UNITS = 5;
/** Trainable parameters: encoder 3·5+5·5+5 = 45, decoder 45, output Dense 5·3+3 = 18. */
export const TINY_PARAM_COUNT = 108;

/** How the decoder gets its inputs while training. */
export type DecoderFeed = 'teacher-forcing' | 'free-running';

/** The eight weight tensors of {@link TinyReverser}, by name. */
export interface TinyWeights {
  encKernel: number[][];
  encRecurrent: number[][];
  encBias: number[];
  decKernel: number[][];
  decRecurrent: number[][];
  decBias: number[];
  denseKernel: number[][];
  denseBias: number[];
}

const WEIGHT_SHAPES: Record<keyof TinyWeights, number[]> = {
  encKernel: [3, TINY_UNITS],
  encRecurrent: [TINY_UNITS, TINY_UNITS],
  encBias: [TINY_UNITS],
  decKernel: [3, TINY_UNITS],
  decRecurrent: [TINY_UNITS, TINY_UNITS],
  decBias: [TINY_UNITS],
  denseKernel: [TINY_UNITS, 3],
  denseBias: [3],
};
const WEIGHT_NAMES = Object.keys(WEIGHT_SHAPES) as (keyof TinyWeights)[];

/** Glorot-uniform values for a `[fanIn, fanOut]` matrix, drawn from `rng`. */
function glorot(rng: Rng, fanIn: number, fanOut: number): number[][] {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  return Array.from({ length: fanIn }, () => Array.from({ length: fanOut }, () => (2 * rng.next() - 1) * limit));
}

/**
 * The feedback encoder-decoder of the classic string-reversal walk-through: a one-hot {a, b, c}
 * input, an encoder SimpleRNN (5 ReLU units), a decoder SimpleRNN (5 ReLU units) that starts from
 * the encoder's final state, and a Dense(3) + softmax output whose argmax is fed back, one-hot, as
 * the next decoder input (the first decoder input is all zeros). Exactly 108 trainable parameters.
 *
 * The recurrent steps run through @rnn/layers' fused `simpleRNNSequence` (activation `'relu'`), so
 * gradients flow through every hidden state (BPTT). In free-running mode the fed-back argmax is not
 * differentiable; gradients still flow through the decoder's hidden states.
 *
 * @example
 * ```ts
 * const model = TinyReverser.create(42);
 * model.countParams(); // 108
 * model.reverse(['abc']); // after training: ['cba']
 * ```
 */
export class TinyReverser {
  private readonly vars: Record<keyof TinyWeights, tf.Variable>;

  private constructor(weights: TinyWeights) {
    const vars = {} as Record<keyof TinyWeights, tf.Variable>;
    for (const name of WEIGHT_NAMES) {
      const t = tf.tensor(weights[name] as number[] | number[][]);
      if (!tf.util.arraysEqual(t.shape, WEIGHT_SHAPES[name])) {
        t.dispose();
        throw new FileFormatError(`Expected tiny weight \`${name}\` of shape [${WEIGHT_SHAPES[name]}], but got [${t.shape}].`);
      }
      vars[name] = tf.variable(t, true);
      t.dispose();
    }
    this.vars = vars;
    const n = this.countParams();
    if (n !== TINY_PARAM_COUNT) throw new ValueError(`Expected the tiny model to have ${TINY_PARAM_COUNT} trainable parameters, but it has ${n}.`);
  }

  /** A fresh model: Glorot-uniform kernels, recurrent kernels 0.5·Glorot + 0.5·I (keeps ReLU states alive), zero biases. */
  static create(seed: number): TinyReverser {
    const rng = new Rng(seed);
    const rec = () => glorot(rng, TINY_UNITS, TINY_UNITS).map((row, i) => row.map((v, j) => 0.5 * v + (i === j ? 0.5 : 0)));
    return new TinyReverser({
      encKernel: glorot(rng, 3, TINY_UNITS),
      encRecurrent: rec(),
      encBias: new Array(TINY_UNITS).fill(0.1),
      decKernel: glorot(rng, 3, TINY_UNITS),
      decRecurrent: rec(),
      decBias: new Array(TINY_UNITS).fill(0.1),
      denseKernel: glorot(rng, TINY_UNITS, 3),
      denseBias: [0, 0, 0],
    });
  }

  /** Restore a model from {@link TinyReverser.toJSON} output. */
  static fromJSON(json: unknown): TinyReverser {
    const w = json as Partial<TinyWeights> | null;
    if (w === null || typeof w !== 'object' || WEIGHT_NAMES.some((k) => !Array.isArray(w[k]))) {
      throw new FileFormatError(`Expected tiny model weights with fields ${WEIGHT_NAMES.join(', ')}, but got ${describeValue(json)}.`);
    }
    return new TinyReverser(w as TinyWeights);
  }

  /** The weights as plain arrays. */
  toJSON(): TinyWeights {
    const out = {} as Record<keyof TinyWeights, unknown>;
    for (const name of WEIGHT_NAMES) out[name] = this.vars[name].arraySync();
    return out as TinyWeights;
  }

  /** The trainable variables (for the optimizer). */
  get trainableVariables(): tf.Variable[] {
    return WEIGHT_NAMES.map((n) => this.vars[n]);
  }

  /** Number of trainable parameters (108). */
  countParams(): number {
    return WEIGHT_NAMES.reduce((s, n) => s + this.vars[n].size, 0);
  }

  /** One-hot `[batch, 3, 3]` of equal-length strings over {a, b, c}. */
  static oneHot(strings: readonly string[]): tf.Tensor3D {
    const ids = strings.map((s) => Array.from(s).map((ch) => letterId(ch, s)));
    const len = ids[0]?.length ?? 0;
    if (ids.some((r) => r.length !== len)) throw new ValueError(`Expected strings of equal length, but got ${describeValue(strings)}.`);
    return tf.tidy(() => tf.oneHot(tf.tensor2d(ids, [ids.length, len], 'int32'), 3).toFloat() as tf.Tensor3D);
  }

  private rnn(x: tf.Tensor3D, h0: tf.Tensor2D, which: 'enc' | 'dec') {
    const v = this.vars;
    const w =
      which === 'enc'
        ? { kernel: v.encKernel as tf.Tensor2D, recurrentKernel: v.encRecurrent as tf.Tensor2D, bias: v.encBias as tf.Tensor1D }
        : { kernel: v.decKernel as tf.Tensor2D, recurrentKernel: v.decRecurrent as tf.Tensor2D, bias: v.decBias as tf.Tensor1D };
    return simpleRNNSequence(x, h0, w, { activation: 'relu' });
  }

  private dense(h: tf.Tensor2D): tf.Tensor2D {
    return tf.add(tf.matMul(h, this.vars.denseKernel as tf.Tensor2D), this.vars.denseBias) as tf.Tensor2D;
  }

  /** Encoder pass: every hidden state `[batch, T, 5]` and the final one `[batch, 5]`. */
  encode(x: tf.Tensor3D): { states: tf.Tensor3D; final: tf.Tensor2D } {
    const { outputs, finalState } = this.rnn(x, tf.zeros([x.shape[0], TINY_UNITS]), 'enc');
    return { states: outputs, final: finalState };
  }

  /**
   * Decoder logits `[batch, T, 3]` (before softmax). With `'teacher-forcing'` the decoder inputs are
   * zeros then the one-hot targets shifted right (`target` required); with `'free-running'` they are
   * zeros then the one-hot argmax of the previous output.
   */
  logits(x: tf.Tensor3D, feed: DecoderFeed, target?: tf.Tensor3D): tf.Tensor3D {
    return tf.tidy(() => {
      const [batch, steps] = [x.shape[0], x.shape[1]];
      const { final } = this.encode(x);
      if (feed === 'teacher-forcing') {
        if (!target) throw new ValueError('Expected `target` for teacher forcing, but got undefined.');
        const shifted = tf.concat([tf.zeros([batch, 1, 3]), target.slice([0, 0, 0], [batch, steps - 1, 3])], 1) as tf.Tensor3D;
        const { outputs } = this.rnn(shifted, final, 'dec');
        const flat = this.dense(outputs.reshape([batch * steps, TINY_UNITS]));
        return flat.reshape([batch, steps, 3]) as tf.Tensor3D;
      }
      let h = final;
      let input: tf.Tensor2D = tf.zeros([batch, 3]);
      const out: tf.Tensor2D[] = [];
      for (let t = 0; t < steps; t++) {
        h = this.rnn(input.expandDims(1) as tf.Tensor3D, h, 'dec').finalState;
        const logits = this.dense(h);
        out.push(logits);
        // The fed-back argmax carries no gradient (as in the walk-through); BPTT runs through h.
        input = tf.oneHot(tf.argMax(logits, 1), 3).toFloat() as tf.Tensor2D;
      }
      return tf.stack(out, 1) as tf.Tensor3D;
    });
  }

  /** Mean cross-entropy (nats per output character) of the reversed strings of `x`. */
  loss(x: tf.Tensor3D, feed: DecoderFeed): tf.Scalar {
    return tf.tidy(() => {
      const target = tf.reverse(x, 1) as tf.Tensor3D;
      const logits = this.logits(x, feed, target);
      return tf.losses.softmaxCrossEntropy(target, logits) as tf.Scalar;
    });
  }

  /** Reverse equal-length strings over {a, b, c} by free-running decoding (argmax fed back). */
  reverse(strings: readonly string[]): string[] {
    if (strings.length === 0) return [];
    const ids = tf.tidy(() => {
      const x = TinyReverser.oneHot(strings);
      return tf.argMax(this.logits(x, 'free-running'), 2);
    });
    const rows = ids.arraySync() as number[][];
    ids.dispose();
    return rows.map((r) => r.map((i) => TINY_ALPHABET[i]).join(''));
  }

  /**
   * The walk-through trace of one string: the one-hot input and the hidden state of every encoder
   * step, then for every decoder step its input, hidden state, softmax distribution and argmax.
   */
  explain(text: string): string {
    // One-hot inputs as 0/1, hidden states with 2 decimals, probabilities with 3 (lines fit 100 columns).
    const oneHot = (v: number[]) => `[${v.map((n) => n.toFixed(0)).join(' ')}]`;
    const fmt = (v: number[], digits: number) => `[${v.map((n) => n.toFixed(digits).padStart(digits + 3)).join(' ')}]`;
    const lines: string[] = [];
    tf.tidy(() => {
      const x = TinyReverser.oneHot([text]);
      const xs = x.arraySync()[0] as number[][];
      const { states, final } = this.encode(x);
      const enc = states.arraySync()[0] as number[][];
      lines.push(`encoder (SimpleRNN, 5 ReLU units; h0 = 0):`);
      enc.forEach((h, t) => {
        lines.push(`  t=${t + 1} x=${Array.from(text)[t]} ${oneHot(xs[t] as number[])}  h=${fmt(h, 2)}`);
      });
      lines.push(`decoder (starts from the encoder's final state, first input = zeros):`);
      let h = final;
      let input: tf.Tensor2D = tf.zeros([1, 3]);
      let out = '';
      for (let t = 0; t < xs.length; t++) {
        const inVec = input.arraySync()[0] as number[];
        h = this.rnn(input.expandDims(1) as tf.Tensor3D, h, 'dec').finalState;
        const probs = tf.softmax(this.dense(h)).arraySync()[0] as number[];
        const best = probs.indexOf(Math.max(...probs));
        const letter = TINY_ALPHABET[best] as string;
        out += letter;
        const inName = t === 0 ? '0' : (out[t - 1] as string);
        lines.push(`  t=${t + 1} in=${inName} ${oneHot(inVec)}  h=${fmt(h.arraySync()[0] as number[], 2)}  p(a,b,c)=${fmt(probs, 3)}  -> ${letter}`);
        input = tf.oneHot(tf.tensor1d([best], 'int32'), 3).toFloat() as tf.Tensor2D;
      }
      const expected = Array.from(text).reverse().join('');
      lines.push(`output: ${out} (expected ${expected}: ${out === expected ? 'correct' : 'wrong'})`);
    });
    return lines.join('\n');
  }

  /** Free the variables. */
  dispose(): void {
    for (const v of Object.values(this.vars)) v.dispose();
  }
}

function letterId(ch: string, s: string): number {
  const i = (TINY_ALPHABET as readonly string[]).indexOf(ch);
  if (i < 0) throw new ValueError(`Expected a string over {a, b, c}, but got ${describeValue(s)}.`);
  return i;
}

/**
 * All 27 strings of length 3 over {a, b, c}, in lexicographic order.
 *
 * @example
 * ```ts
 * allLength3Strings().slice(0, 2); // ['aaa', 'aab']
 * ```
 */
export function allLength3Strings(): string[] {
  const out: string[] = [];
  for (const a of TINY_ALPHABET) for (const b of TINY_ALPHABET) for (const c of TINY_ALPHABET) out.push(a + b + c);
  return out;
}
