import { Rng, ShapeError, ValueError } from '@rnn/core';
import * as tf from '@tensorflow/tfjs';
import type { Attention } from '../attention/attention.js';
import { sourceMaskBias } from '../attention/attention-mask.js';
import { createAttention } from '../attention/create-attention.js';
import { type ResolvedSeq2SeqConfig, resolveSeq2SeqConfig, type Seq2SeqConfig } from './config.js';
import { glorotUniform, orthogonalBlocks, uniform } from './initializers.js';
import { projectedTokenLoss } from './projected-token-loss.js';
import { type CellState, type RecurrentLayerWeights, runSequence, runStep } from './recurrent-ops.js';
import { sequenceLoss } from './sequence-loss.js';

/**
 * Options of a forward pass.
 *
 * @example
 * ```ts
 * model.loss(src, tgt, { training: true, rng: new Rng(0) }); // dropout on, seeded
 * ```
 */
export interface ForwardArgs {
  /** Training mode: dropout is active. Default: false. */
  training?: boolean;
  /** Source of dropout seeds. Default: a generator seeded with the model's `seed`. */
  rng?: Rng;
}

/**
 * What the encoder hands the decoder. Produced by {@link Seq2Seq.encode}; the caller owns (and disposes) its tensors.
 *
 * @example
 * ```ts
 * const enc = model.encode(src); // memory [batch, srcLen, units]
 * enc.states.length; // encoderLayers
 * ```
 */
export interface EncoderOutput {
  /** Top encoder layer outputs `[batch, srcLen, units]` (directions summed when bidirectional). */
  memory: tf.Tensor3D;
  /** Attention keys `[batch, srcLen, units]` (memory for `'luongDot'`, memory·W otherwise); null without attention. */
  keys: tf.Tensor3D | null;
  /** `[batch, 1, srcLen]`: 0 on real source tokens, -1e9 on padding. */
  maskBias: tf.Tensor3D;
  /** Final state of every encoder layer: the decoder's initial state. */
  states: CellState[];
}

/**
 * Result of one decoder step ({@link Seq2Seq.decodeStep}).
 *
 * @example
 * ```ts
 * const r = model.decodeStep(enc, tf.tensor1d([1, 1], 'int32'), enc.states);
 * r.logits.shape; // [2, targetVocabSize]
 * ```
 */
export interface DecoderStepOutput {
  /** Next-token logits `[batch, targetVocabSize]`. */
  logits: tf.Tensor2D;
  /** New decoder state of every layer. */
  states: CellState[];
  /** Attention weights `[batch, srcLen]`, or null without attention. */
  attention: tf.Tensor2D | null;
}

/**
 * One named weight of a {@link Seq2Seq}: its stable name (as saved) and shape.
 *
 * @example
 * ```ts
 * model.weightSpecs()[0]; // { name: 'source_embedding', shape: [sourceVocabSize, embeddingDim] }
 * ```
 */
export interface WeightSpec {
  /** Stable name, e.g. `encoder/l0/fwd/kernel`. */
  name: string;
  /** Shape. */
  shape: number[];
}

interface Param {
  name: string;
  variable: tf.Variable;
}

/**
 * An encoder–decoder (sequence-to-sequence) network with optional attention, built on @rnn/layers'
 * fused recurrent ops. It owns its `tf.Variable`s: call {@link Seq2Seq.dispose} when done.
 *
 * Shapes: source ids `[batch, srcLen]` and targets `[batch, tgtLen]`, int32, padded with 0 at the end.
 * A target holds the tokens the decoder must produce, ending with `<eos>` and **without** `<bos>`: the
 * decoder input is `[<bos>, target₀, …, target_{T-2}]` (teacher forcing).
 *
 * Weight layout (PyTorch-style statement): embeddings `[vocab, embeddingDim]`; per recurrent layer
 * `kernel [in, G·units]`, `recurrentKernel [units, G·units]`, gates `z|r|h` (GRU, Keras 3 `resetAfter`,
 * bias `[2, 3·units]`) or `i|f|c|o` (LSTM, bias `[4·units]`, forget bias initialised to 1); with attention
 * the attentional vector is h̃ₜ = tanh(W_c[cₜ; hₜ]) (`attention/Wc [2·units, units]`); output projection
 * `[units, targetVocabSize]` + bias (or the transposed target embedding when `tiedEmbeddings`).
 *
 * @remarks
 * Initialisation follows Keras: Glorot-uniform kernels, orthogonal recurrent kernels (per gate block),
 * uniform(±0.05) embeddings, zero biases; all drawn from `seed`, so two models with the same config are equal.
 *
 * @example
 * ```ts
 * const model = new Seq2Seq({ sourceVocabSize: 100, targetVocabSize: 120, units: 64, attention: 'luongDot' });
 * const src = tf.tensor2d([[5, 6, 7, 0]], undefined, 'int32');
 * const tgt = tf.tensor2d([[8, 9, 2]], undefined, 'int32');
 * const loss = model.loss(src, tgt); // scalar
 * model.dispose();
 * ```
 */
export class Seq2Seq {
  /** The configuration with every default filled in. */
  readonly config: ResolvedSeq2SeqConfig;
  private readonly params: Param[] = [];
  private readonly byName = new Map<string, tf.Variable>();
  private readonly encoderWeights: { fwd: RecurrentLayerWeights; bwd: RecurrentLayerWeights | null }[] = [];
  private readonly decoderWeights: RecurrentLayerWeights[] = [];
  /** The attention mechanism (owning its `attention/...` weights), or null for `'none'`. */
  private readonly attention: Attention | null;
  private readonly defaultRng: Rng;
  private disposed = false;

  /**
   * @param config - see {@link Seq2SeqConfig}; defaults in {@link SEQ2SEQ_DEFAULTS}.
   * @throws ValueError for an invalid or unknown config field.
   */
  constructor(config: Seq2SeqConfig) {
    this.config = resolveSeq2SeqConfig(config);
    const c = this.config;
    const rng = new Rng(c.seed);
    this.defaultRng = new Rng(c.seed + 1);
    const u = c.units;
    const gates = c.cell === 'gru' ? 3 : 4;
    this.attention = createAttention(c.attention, u);
    const emb = (name: string, vocab: number) => this.add(name, [vocab, c.embeddingDim], uniform(rng, vocab * c.embeddingDim, 0.05));
    emb('source_embedding', c.sourceVocabSize);
    emb('target_embedding', c.targetVocabSize);
    const layer = (prefix: string, inDim: number): RecurrentLayerWeights => {
      const kernel = this.add(`${prefix}/kernel`, [inDim, gates * u], glorotUniform(rng, inDim, gates * u)) as tf.Variable<tf.Rank.R2>;
      const recurrentKernel = this.add(`${prefix}/recurrent_kernel`, [u, gates * u], orthogonalBlocks(rng, u, gates)) as tf.Variable<tf.Rank.R2>;
      let bias: tf.Variable;
      if (c.cell === 'gru') {
        bias = this.add(`${prefix}/bias`, [2, 3 * u], new Float32Array(6 * u));
      } else {
        const b = new Float32Array(4 * u);
        b.fill(1, u, 2 * u); // unit forget bias (Keras unitForgetBias: true)
        bias = this.add(`${prefix}/bias`, [4 * u], b);
      }
      return { kernel, recurrentKernel, bias };
    };
    for (let l = 0; l < c.encoderLayers; l++) {
      const inDim = l === 0 ? c.embeddingDim : u;
      this.encoderWeights.push({
        fwd: layer(`encoder/l${l}/fwd`, inDim),
        bwd: c.bidirectionalEncoder ? layer(`encoder/l${l}/bwd`, inDim) : null,
      });
    }
    for (let l = 0; l < c.encoderLayers; l++) {
      const inDim = l === 0 ? c.embeddingDim + (this.attention?.decoderInputWidth ?? 0) : u;
      this.decoderWeights.push(layer(`decoder/l${l}`, inDim));
    }
    this.attention?.build((name, shape, values) => this.add(name, shape, values), rng);
    if (!c.tiedEmbeddings) this.add('output/kernel', [u, c.targetVocabSize], glorotUniform(rng, u, c.targetVocabSize));
    this.add('output/bias', [c.targetVocabSize], new Float32Array(c.targetVocabSize));
  }

  private add(name: string, shape: number[], values: Float32Array): tf.Variable {
    const v = tf.tidy(() => tf.variable(tf.tensor(values, shape, 'float32'), true));
    this.params.push({ name, variable: v });
    this.byName.set(name, v);
    return v;
  }

  private w(name: string): tf.Variable {
    const v = this.byName.get(name);
    if (!v) throw new ValueError(`Seq2Seq has no weight named ${name}.`);
    return v;
  }

  /** The model's trainable variables, in {@link Seq2Seq.weightSpecs} order (pass to an optimizer). */
  get trainableVariables(): tf.Variable[] {
    this.checkAlive();
    return this.params.map((p) => p.variable);
  }

  /** Name and shape of every weight, in a stable order (the order of {@link Seq2Seq.getWeights}). */
  weightSpecs(): WeightSpec[] {
    return this.params.map((p) => ({ name: p.name, shape: p.variable.shape.slice() }));
  }

  /** Total number of scalar parameters. */
  countParams(): number {
    return this.params.reduce((n, p) => n + p.variable.size, 0);
  }

  /**
   * Copies of every weight, in {@link Seq2Seq.weightSpecs} order. The caller owns (and disposes) them.
   *
   * @example
   * ```ts
   * const ws = model.getWeights(); other.setWeights(ws); tf.dispose(ws);
   * ```
   */
  getWeights(): tf.Tensor[] {
    this.checkAlive();
    return this.params.map((p) => tf.clone(p.variable));
  }

  /**
   * Assign every weight (in {@link Seq2Seq.weightSpecs} order). The tensors are copied, not kept.
   *
   * @throws ShapeError when the count or a shape does not match this model's config (naming the weight).
   */
  setWeights(weights: readonly tf.Tensor[]): void {
    this.checkAlive();
    if (weights.length !== this.params.length) {
      throw new ShapeError(`Expected ${this.params.length} weights for this Seq2Seq config, but got ${weights.length}.`);
    }
    weights.forEach((t, i) => {
      const p = this.params[i] as Param;
      if (!tf.util.arraysEqual(t.shape, p.variable.shape)) {
        throw new ShapeError(`Expected weight ${p.name} to have shape [${p.variable.shape}], but got [${t.shape}].`);
      }
    });
    tf.tidy(() => {
      weights.forEach((t, i) => {
        (this.params[i] as Param).variable.assign(t.dtype === 'float32' ? t : tf.cast(t, 'float32'));
      });
    });
  }

  private dropout<T extends tf.Tensor>(x: T, o: ForwardArgs): T {
    const rate = this.config.dropout;
    if (!o.training || rate === 0) return x;
    return tf.dropout(x, rate, undefined, (o.rng ?? this.defaultRng).seed()) as T;
  }

  private zeros(batch: number): CellState {
    const n = this.config.cell === 'gru' ? 1 : 2;
    return Array.from({ length: n }, () => tf.zeros([batch, this.config.units]) as tf.Tensor2D);
  }

  /**
   * Run the encoder on a padded source batch (fused path, padding masked).
   *
   * @param source - int32 `[batch, srcLen]`, 0 = padding.
   * @returns the {@link EncoderOutput}; the caller disposes its tensors (or calls this inside `tf.tidy`).
   */
  encode(source: tf.Tensor2D, options: ForwardArgs = {}): EncoderOutput {
    this.checkAlive();
    if (source.rank !== 2) throw new ShapeError(`Expected \`source\` of rank 2 [batch, srcLen], but got shape [${source.shape}].`);
    const c = this.config;
    const batch = source.shape[0];
    const mask = tf.cast(tf.notEqual(source, 0), 'float32') as tf.Tensor2D;
    let x = this.dropout(tf.gather(this.w('source_embedding'), tf.cast(source, 'int32')) as tf.Tensor3D, options);
    const states: CellState[] = [];
    this.encoderWeights.forEach((lw, l) => {
      const f = runSequence(c.cell, x, this.zeros(batch), lw.fwd, { mask });
      let outputs = f.outputs;
      let state = f.finalState;
      if (lw.bwd) {
        const b = runSequence(c.cell, x, this.zeros(batch), lw.bwd, { mask, goBackwards: true });
        outputs = tf.add(outputs, b.outputs);
        state = state.map((s, i) => tf.add(s, b.finalState[i] as tf.Tensor2D) as tf.Tensor2D);
      }
      states.push(state);
      x = l < this.encoderWeights.length - 1 ? this.dropout(outputs, options) : outputs;
    });
    const memory = x;
    const keys = this.attention ? this.attention.keys(memory) : null;
    return { memory, keys, maskBias: sourceMaskBias(mask), states };
  }

  private project(h: tf.Tensor2D): tf.Tensor2D {
    const bias = this.w('output/bias');
    const logits = this.config.tiedEmbeddings
      ? tf.matMul(h, this.w('target_embedding') as tf.Tensor2D, false, true)
      : tf.matMul(h, this.w('output/kernel') as tf.Tensor2D);
    return tf.add(logits, bias);
  }

  /**
   * Decoder logits for every step given the whole decoder input (teacher forcing): the decoder runs
   * through the fused sequence path and Luong attention is applied to all its outputs with batched
   * matmuls. With `'bahdanau'` attention this is a step loop.
   *
   * @param enc - from {@link Seq2Seq.encode}.
   * @param decoderInput - int32 `[batch, tgtLen]` (starting with `<bos>`).
   * @returns logits `[batch, tgtLen, targetVocabSize]` and attention weights `[batch, tgtLen, srcLen]` (or null).
   */
  decodeTeacherForced(enc: EncoderOutput, decoderInput: tf.Tensor2D, options: ForwardArgs = {}): { logits: tf.Tensor3D; attention: tf.Tensor3D | null } {
    this.checkAlive();
    const c = this.config;
    if (this.attention && !this.attention.readsAllSteps) return this.decodeStepwise(enc, decoderInput, options);
    const { features, attention } = this.decoderFeatures(enc, decoderInput, options);
    const [b, t, d] = features.shape;
    const logits = tf.reshape(this.project(tf.reshape(features, [b * t, d])), [b, t, c.targetVocabSize]) as tf.Tensor3D;
    return { logits, attention };
  }

  /**
   * Teacher-forced masked cross-entropy from an encoding (mean per real target token, padding ignored):
   * the same value as `sequenceLoss(decodeTeacherForced(enc, decoderInput).logits, target)`, but the output
   * projection and the loss run as one fused op with a hand-written gradient, which is most of a training
   * step's work at real vocabulary sizes.
   *
   * @param enc - from {@link Seq2Seq.encode}.
   * @param decoderInput - int32 `[batch, tgtLen]` (starting with `<bos>`).
   * @param target - int32 `[batch, tgtLen]`, ending with `<eos>`, padded with 0.
   * @example
   * ```ts
   * const loss = tf.tidy(() => model.teacherForcedLoss(model.encode(src), model.shiftRight(tgt), tgt)); // scalar
   * ```
   */
  teacherForcedLoss(enc: EncoderOutput, decoderInput: tf.Tensor2D, target: tf.Tensor2D, options: ForwardArgs = {}): tf.Scalar {
    this.checkAlive();
    const c = this.config;
    if (this.attention && !this.attention.readsAllSteps) return sequenceLoss(this.decodeStepwise(enc, decoderInput, options).logits, target);
    return tf.tidy(() => {
      const { features } = this.decoderFeatures(enc, decoderInput, options);
      const [b, t, d] = features.shape;
      return projectedTokenLoss({
        features: tf.reshape(features, [b * t, d]),
        kernel: (c.tiedEmbeddings ? this.w('target_embedding') : this.w('output/kernel')) as tf.Tensor2D,
        bias: this.w('output/bias') as tf.Tensor1D,
        labels: tf.reshape(target, [b * t]) as tf.Tensor1D,
        transposedKernel: c.tiedEmbeddings,
      });
    });
  }

  /** Teacher forcing as a loop of {@link Seq2Seq.decodeStep} (for an attention that cannot read all steps at once). */
  private decodeStepwise(enc: EncoderOutput, decoderInput: tf.Tensor2D, options: ForwardArgs): { logits: tf.Tensor3D; attention: tf.Tensor3D } {
    const steps = tf.unstack(tf.cast(decoderInput, 'int32'), 1) as tf.Tensor1D[];
    let states = enc.states;
    const logits: tf.Tensor2D[] = [];
    const att: tf.Tensor2D[] = [];
    for (const tok of steps) {
      const r = this.decodeStep(enc, tok, states, options);
      logits.push(r.logits);
      att.push(r.attention as tf.Tensor2D);
      states = r.states;
    }
    return { logits: tf.stack(logits, 1) as tf.Tensor3D, attention: tf.stack(att, 1) as tf.Tensor3D };
  }

  /** Top decoder features `[batch, tgtLen, units]` (after Luong attention and dropout), before the output projection. */
  private decoderFeatures(enc: EncoderOutput, decoderInput: tf.Tensor2D, options: ForwardArgs): { features: tf.Tensor3D; attention: tf.Tensor3D | null } {
    const c = this.config;
    let y = this.dropout(tf.gather(this.w('target_embedding'), tf.cast(decoderInput, 'int32')) as tf.Tensor3D, options);
    this.decoderWeights.forEach((lw, l) => {
      const r = runSequence(c.cell, y, enc.states[l] as CellState, lw);
      y = l < this.decoderWeights.length - 1 ? this.dropout(r.outputs, options) : r.outputs;
    });
    let h: tf.Tensor3D = y;
    let attention: tf.Tensor3D | null = null;
    if (this.attention) {
      const read = this.attention.readSequence(h, enc);
      attention = read.weights;
      h = this.attention.attentional(read.context, h) as tf.Tensor3D;
    }
    return { features: this.dropout(h, options), attention };
  }

  /**
   * One decoder step (used by decoding, Bahdanau attention and sequential scheduled sampling).
   *
   * @param enc - from {@link Seq2Seq.encode} (batch must match `tokens`).
   * @param tokens - int32 `[batch]`: the previous token of every sequence.
   * @param states - the decoder state of every layer (initially `enc.states`).
   */
  decodeStep(enc: EncoderOutput, tokens: tf.Tensor1D, states: CellState[], options: ForwardArgs = {}): DecoderStepOutput {
    const c = this.config;
    let x = this.dropout(tf.gather(this.w('target_embedding'), tf.cast(tokens, 'int32')) as tf.Tensor2D, options);
    const top = (states[states.length - 1] as CellState)[0] as tf.Tensor2D;
    const before = this.attention?.readBeforeStep(top, enc) ?? null;
    if (before) x = tf.concat([x, before.context], 1);
    const newStates: CellState[] = [];
    this.decoderWeights.forEach((lw, l) => {
      const s = runStep(c.cell, x, states[l] as CellState, lw);
      newStates.push(s);
      x = s[0] as tf.Tensor2D;
      if (l < this.decoderWeights.length - 1) x = this.dropout(x, options);
    });
    let h = x;
    const read = before ?? this.attention?.readAfterStep(h, enc) ?? null;
    if (read && this.attention) h = this.attention.attentional(read.context, h) as tf.Tensor2D;
    h = this.dropout(h, options);
    return { logits: this.project(h), states: newStates, attention: read ? read.weights : null };
  }

  /**
   * The decoder input for teacher forcing: `[<bos>, target₀, …, target_{T-2}]`.
   *
   * @param target - int32 `[batch, tgtLen]`.
   */
  shiftRight(target: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const [b, t] = target.shape;
      const bos = tf.fill([b, 1], this.config.bosId, 'int32');
      return tf.concat([bos, tf.slice(tf.cast(target, 'int32'), [0, 0], [b, t - 1])], 1) as tf.Tensor2D;
    });
  }

  /**
   * Teacher-forced logits for a batch: encode, shift the target right, decode.
   *
   * @returns logits `[batch, tgtLen, targetVocabSize]`.
   */
  logits(source: tf.Tensor2D, target: tf.Tensor2D, options: ForwardArgs = {}): tf.Tensor3D {
    return tf.tidy(() => {
      const enc = this.encode(source, options);
      return this.decodeTeacherForced(enc, this.shiftRight(target), options).logits;
    });
  }

  /**
   * Teacher-forced masked cross-entropy (mean per real target token; padding ignored).
   *
   * @param source - int32 `[batch, srcLen]`.
   * @param target - int32 `[batch, tgtLen]`, ending with `<eos>`, padded with 0.
   */
  loss(source: tf.Tensor2D, target: tf.Tensor2D, options: ForwardArgs = {}): tf.Scalar {
    return tf.tidy(() => this.teacherForcedLoss(this.encode(source, options), this.shiftRight(target), target, options));
  }

  /** Release every variable. The model cannot be used afterwards. Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    for (const p of this.params) p.variable.dispose();
    this.disposed = true;
  }

  /** Whether {@link Seq2Seq.dispose} has been called. */
  get isDisposed(): boolean {
    return this.disposed;
  }

  private checkAlive(): void {
    if (this.disposed) throw new ValueError('This Seq2Seq model has been disposed.');
  }
}
