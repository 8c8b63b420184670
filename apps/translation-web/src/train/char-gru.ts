import { type Rng, sampleLogits } from '@rnn/core';
import { gruSequence, gruStep } from '@rnn/layers';
import * as tf from '@tensorflow/tfjs';

/**
 * Sizes of a {@link CharGRU}: the text-generation app's character model (Embedding → GRU → Dense),
 * rebuilt in the page from @rnn/layers' fused `gruSequence`/`gruStep` (the app's `CharLM` reads and
 * writes files, so the page cannot import it).
 *
 * @example
 * ```ts
 * const config: CharGRUConfig = { vocabSize: 80, embeddingDim: 32, units: 128, seed: 1 };
 * ```
 */
export interface CharGRUConfig {
  vocabSize: number;
  embeddingDim: number;
  units: number;
  seed: number;
}

const NAMES = ['embedding', 'kernel', 'recurrentKernel', 'bias', 'denseKernel', 'denseBias'] as const;
type WeightName = (typeof NAMES)[number];

function shapes(c: CharGRUConfig): Record<WeightName, number[]> {
  return {
    embedding: [c.vocabSize, c.embeddingDim],
    kernel: [c.embeddingDim, 3 * c.units],
    recurrentKernel: [c.units, 3 * c.units],
    bias: [2, 3 * c.units],
    denseKernel: [c.units, c.vocabSize],
    denseBias: [c.vocabSize],
  };
}

/**
 * The stateful character GRU (Keras 3 GRU, `resetAfter: true`), with its weights as one flat
 * Float32Array for IndexedDB. The same layout and initialisation as the text-generation app's `CharLM`.
 *
 * @example
 * ```ts
 * const m = CharGRU.create({ vocabSize: 80, embeddingDim: 32, units: 128, seed: 1 });
 * const loss = m.trainStep(opt, inputs, targets, 5); // nats per character
 * ```
 */
export class CharGRU {
  private readonly vars: Record<WeightName, tf.Variable>;
  private state: tf.Tensor2D | null = null;

  private constructor(
    readonly config: CharGRUConfig,
    values: Record<WeightName, tf.Tensor>,
  ) {
    const vars = {} as Record<WeightName, tf.Variable>;
    for (const n of NAMES) {
      vars[n] = tf.variable(values[n], true);
      values[n].dispose();
    }
    this.vars = vars;
  }

  /** A freshly initialised model (embedding U(−0.05, 0.05), Glorot-uniform kernels, zero biases). */
  static create(config: CharGRUConfig): CharGRU {
    const s = shapes(config);
    const glorot = (shape: number[], k: number) => tf.initializers.glorotUniform({ seed: config.seed + k }).apply(shape);
    return new CharGRU(config, {
      embedding: tf.randomUniform(s.embedding, -0.05, 0.05, 'float32', config.seed),
      kernel: glorot(s.kernel, 1),
      recurrentKernel: glorot(s.recurrentKernel, 2),
      bias: tf.zeros(s.bias),
      denseKernel: glorot(s.denseKernel, 3),
      denseBias: tf.zeros(s.denseBias),
    });
  }

  /** A model from {@link CharGRU.toFlat}'s weights. */
  static fromFlat(config: CharGRUConfig, flat: Float32Array): CharGRU {
    const want = shapes(config);
    const values = {} as Record<WeightName, tf.Tensor>;
    let o = 0;
    for (const n of NAMES) {
      const size = want[n].reduce((a, b) => a * b, 1);
      values[n] = tf.tensor(flat.slice(o, o + size), want[n]);
      o += size;
    }
    if (o !== flat.length) throw new Error(`Expected ${o} weights for ${JSON.stringify(config)}, but got ${flat.length}.`);
    return new CharGRU(config, values);
  }

  /** All weights, concatenated in the order embedding, kernel, recurrentKernel, bias, denseKernel, denseBias. */
  toFlat(): Float32Array {
    const parts = NAMES.map((n) => this.vars[n].dataSync() as Float32Array);
    const all = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
    let o = 0;
    for (const p of parts) {
      all.set(p, o);
      o += p.length;
    }
    return all;
  }

  get trainableVariables(): tf.Variable[] {
    return NAMES.map((n) => this.vars[n]);
  }

  countParams(): number {
    return NAMES.reduce((s, n) => s + this.vars[n].size, 0);
  }

  private forward(ids: tf.Tensor2D, state: tf.Tensor2D): { logits: tf.Tensor3D; state: tf.Tensor2D } {
    const [b, t] = ids.shape;
    const emb = tf.gather(this.vars.embedding, ids) as tf.Tensor3D;
    const { outputs, finalState } = gruSequence(emb, state, {
      kernel: this.vars.kernel as tf.Tensor2D,
      recurrentKernel: this.vars.recurrentKernel as tf.Tensor2D,
      bias: this.vars.bias,
    });
    const logits = tf.add(tf.matMul(outputs.reshape([b * t, this.config.units]), this.vars.denseKernel as tf.Tensor2D), this.vars.denseBias);
    return { logits: logits.reshape([b, t, this.config.vocabSize]) as tf.Tensor3D, state: finalState };
  }

  private static crossEntropy(logits: tf.Tensor3D, targets: tf.Tensor2D): tf.Scalar {
    return tf.neg(tf.mean(tf.sum(tf.mul(tf.logSoftmax(logits), tf.oneHot(targets, logits.shape[2])), 2))) as tf.Scalar;
  }

  /** Zero the carried GRU state (each epoch starts from zeros). */
  resetState(): void {
    this.state?.dispose();
    this.state = null;
  }

  /**
   * One stateful step of truncated BPTT: forward from the state the previous batch left, Adam with the
   * global gradient norm clipped to `clipNorm`. Returns the batch's cross-entropy (nats per character).
   */
  trainStep(optimizer: tf.Optimizer, inputs: number[][], targets: number[][], clipNorm: number): number {
    const batch = inputs.length;
    if (this.state === null || this.state.shape[0] !== batch) {
      this.state?.dispose();
      this.state = tf.zeros([batch, this.config.units]);
    }
    const start = this.state;
    let next: tf.Tensor2D | null = null;
    const loss = tf.tidy(() => {
      const x = tf.tensor2d(inputs, undefined, 'int32');
      const y = tf.tensor2d(targets, undefined, 'int32');
      const { value, grads } = tf.variableGrads(() => {
        const out = this.forward(x, start);
        next = tf.keep(out.state);
        return CharGRU.crossEntropy(out.logits, y);
      }, this.trainableVariables);
      const list = Object.values(grads);
      const norm = tf.sqrt(tf.addN(list.map((g) => tf.sum(tf.square(g)))));
      const scale = tf.div(clipNorm, tf.maximum(norm, clipNorm));
      optimizer.applyGradients(Object.fromEntries(Object.entries(grads).map(([k, g]) => [k, tf.mul(g, scale)])));
      return value;
    });
    start.dispose();
    this.state = next;
    const v = loss.dataSync()[0] as number;
    loss.dispose();
    return v;
  }

  /** Mean cross-entropy (nats per character) of `ids[1…]` read statefully in `seqLength` windows from a zero state. */
  evaluate(ids: ArrayLike<number>, seqLength: number): number {
    let state: tf.Tensor2D = tf.zeros([1, this.config.units]);
    let sum = 0;
    let count = 0;
    for (let s = 0; s + 1 < ids.length; s += seqLength) {
      const end = Math.min(s + seqLength, ids.length - 1);
      const inputs = Array.from({ length: end - s }, (_, k) => ids[s + k] as number);
      const targets = Array.from({ length: end - s }, (_, k) => ids[s + k + 1] as number);
      const r = tf.tidy(() => {
        const out = this.forward(tf.tensor2d([inputs], undefined, 'int32'), state);
        return { state: out.state, ce: tf.mul(CharGRU.crossEntropy(out.logits, tf.tensor2d([targets], undefined, 'int32')), inputs.length) };
      });
      sum += r.ce.dataSync()[0] as number;
      count += inputs.length;
      r.ce.dispose();
      state.dispose();
      state = r.state;
    }
    state.dispose();
    return sum / count;
  }

  /** `length` ids sampled after `prefix` from softmax(logits / temperature), drawing with `rng`; `banned` ids never. */
  generate(prefix: readonly number[], length: number, temperature: number, rng: Rng, banned: readonly number[] = []): number[] {
    const first = tf.tidy(() => {
      const out = this.forward(tf.tensor2d([prefix as number[]], [1, prefix.length], 'int32'), tf.zeros([1, this.config.units]));
      return { state: out.state, last: out.logits.slice([0, prefix.length - 1, 0], [1, 1, this.config.vocabSize]).reshape([this.config.vocabSize]) };
    });
    let h = first.state;
    let logits = first.last.dataSync() as Float32Array;
    first.last.dispose();
    const w = { kernel: this.vars.kernel as tf.Tensor2D, recurrentKernel: this.vars.recurrentKernel as tf.Tensor2D, bias: this.vars.bias };
    const out: number[] = [];
    for (let i = 0; i < length; i++) {
      const id = sampleLogits(logits, temperature, rng, banned);
      out.push(id);
      const next = tf.tidy(() => {
        const hn = gruStep(tf.gather(this.vars.embedding, tf.tensor1d([id], 'int32')) as tf.Tensor2D, h, w);
        return { hn, l: tf.add(tf.matMul(hn, this.vars.denseKernel as tf.Tensor2D), this.vars.denseBias).reshape([this.config.vocabSize]) };
      });
      h.dispose();
      h = next.hn;
      logits = next.l.dataSync() as Float32Array;
      next.l.dispose();
    }
    h.dispose();
    return out;
  }

  dispose(): void {
    this.resetState();
    for (const v of Object.values(this.vars)) v.dispose();
  }
}
