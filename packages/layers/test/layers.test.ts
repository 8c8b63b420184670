import { ValueError } from '@rnn/core';
import { setupBackend } from '@rnn/core/node';
import * as tf from '@tensorflow/tfjs';
import {
  type Bidirectional,
  bidirectional,
  GRUCell,
  gru,
  gruSequence,
  LSTMCell,
  lstm,
  lstmSequence,
  PeepholeLSTMCell,
  peepholeLSTM,
  RNN,
  registerLayers,
  rnn,
  SimpleRNNCell,
  simpleRNN,
} from '../src/index.js';

function maxDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] as number);
}

beforeAll(async () => {
  await setupBackend({ backend: 'wasm' });
  registerLayers();
  registerLayers(); // idempotent
});

describe('recurrent layers', () => {
  it('lays out weights in Keras order and shapes', () => {
    const g = gru({ units: 4 });
    g.apply(tf.zeros([1, 2, 3]));
    expect(g.getWeights().map((w) => w.shape)).toEqual([
      [3, 12],
      [4, 12],
      [2, 12],
    ]);
    const g2 = gru({ units: 4, resetAfter: false });
    g2.apply(tf.zeros([1, 2, 3]));
    expect(g2.getWeights().map((w) => w.shape)).toEqual([[3, 12], [4, 12], [12]]);
    const l = lstm({ units: 4 });
    l.apply(tf.zeros([1, 2, 3]));
    expect(l.trainableWeights.map((w) => w.shape)).toEqual([[3, 16], [4, 16], [16]]);
    // unitForgetBias: forget-gate slice is ones
    expect(Array.from(l.getWeights()[2]?.dataSync() ?? [])).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    const p = peepholeLSTM({ units: 4 });
    p.apply(tf.zeros([1, 2, 3]));
    expect(p.getWeights().map((w) => w.shape)).toEqual([[3, 16], [4, 16], [16], [4], [4], [4]]);
    const b = bidirectional({ layer: simpleRNN({ units: 2 }) });
    b.apply(tf.zeros([1, 2, 3]));
    expect(b.getWeights().map((w) => w.shape)).toEqual([[3, 2], [2, 2], [2], [3, 2], [2, 2], [2]]);
    expect(new Set(b.trainableWeights.map((w) => w.name)).size).toBe(6);
  });

  it('computes exactly what the fused op computes, with initialState and returnState', () => {
    const layer = gru({ units: 5, returnSequences: true, returnState: true });
    const x = tf.randomNormal([2, 4, 3], 0, 1, 'float32', 1) as tf.Tensor3D;
    const h0 = tf.randomNormal([2, 5], 0, 1, 'float32', 2) as tf.Tensor2D;
    const [out, h] = layer.apply(x, { initialState: [h0] }) as tf.Tensor[];
    const [W, U, b] = layer.getWeights() as [tf.Tensor2D, tf.Tensor2D, tf.Tensor];
    const ref = gruSequence(x, h0, { kernel: W, recurrentKernel: U, bias: b });
    expect(out?.shape).toEqual([2, 4, 5]);
    expect(maxDiff(out as tf.Tensor, ref.outputs)).toBe(0);
    expect(maxDiff(h as tf.Tensor, ref.finalState)).toBe(0);
    const l = lstm({ units: 3, returnState: true, goBackwards: true });
    const [o, lh, lc] = l.apply(x) as tf.Tensor[];
    const [lW, lU, lb] = l.getWeights() as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
    const lref = lstmSequence(x, [tf.zeros([2, 3]), tf.zeros([2, 3])], { kernel: lW, recurrentKernel: lU, bias: lb }, { goBackwards: true });
    expect(maxDiff(o as tf.Tensor, lref.finalState[0])).toBe(0);
    expect(maxDiff(lh as tf.Tensor, lref.finalState[0])).toBe(0);
    expect(maxDiff(lc as tf.Tensor, lref.finalState[1])).toBe(0);
  });

  it('generic loop (non-default activation) equals the fused path when activations match', () => {
    const x = tf.randomNormal([2, 4, 3], 0, 1, 'float32', 3);
    const fused = gru({ units: 4, returnSequences: true });
    fused.apply(x);
    // hardSigmoid has no fused op: check the loop runs and differs
    const loop = new RNN({ cell: new GRUCell({ units: 4, recurrentActivation: 'hardSigmoid' }), returnSequences: true });
    loop.apply(x);
    loop.setWeights(fused.getWeights());
    const a = fused.apply(x) as tf.Tensor;
    const b = loop.apply(x) as tf.Tensor;
    expect(b.shape).toEqual([2, 4, 4]);
    expect(maxDiff(a, b)).toBeGreaterThan(1e-3);
    // The cell's step equals the fused op step by step.
    const cell = fused.recurrentCell as GRUCell;
    const [h1] = cell.call([tf.slice(x, [0, 0, 0], [2, 1, 3]).reshape([2, 3]), tf.zeros([2, 4])], {});
    expect(maxDiff(h1 as tf.Tensor, tf.slice(a, [0, 0, 0], [2, 1, 4]).reshape([2, 4]))).toBeLessThan(1e-6);
  });

  it('masks from an embedding with maskZero the same as an explicit mask', () => {
    const ids = tf.tensor2d([
      [3, 1, 0, 0],
      [2, 2, 4, 1],
    ]);
    const inp = tf.input({ shape: [4], dtype: 'int32' });
    const emb = tf.layers.embedding({ inputDim: 5, outputDim: 3, maskZero: true });
    const rec = gru({ units: 4, returnSequences: true });
    const model = tf.model({ inputs: inp, outputs: rec.apply(emb.apply(inp)) as tf.SymbolicTensor });
    const y = model.predict(ids) as tf.Tensor;
    const e = emb.apply(ids) as tf.Tensor;
    const y2 = rec.apply(e, { mask: tf.notEqual(ids, 0) }) as tf.Tensor;
    expect(maxDiff(y, y2)).toBe(0);
    // masked steps repeat the last real output
    expect(maxDiff(tf.slice(y, [0, 1, 0], [1, 1, 4]), tf.slice(y, [0, 3, 0], [1, 1, 4]))).toBe(0);
    const unmasked = rec.apply(e) as tf.Tensor;
    expect(maxDiff(tf.slice(unmasked, [0, 3, 0], [1, 1, 4]), tf.slice(y, [0, 3, 0], [1, 1, 4]))).toBeGreaterThan(1e-4);
  });

  it('accepts a symbolic initialState in tf.model and trains with fit', async () => {
    const x = tf.input({ shape: [5, 3] });
    const h0 = tf.input({ shape: [4] });
    const c0 = tf.input({ shape: [4] });
    const out = lstm({ units: 4 }).apply(x, { initialState: [h0, c0] }) as tf.SymbolicTensor;
    const y = tf.layers.dense({ units: 1 }).apply(out) as tf.SymbolicTensor;
    const model = tf.model({ inputs: [x, h0, c0], outputs: y });
    model.compile({ optimizer: tf.train.adam(0.05), loss: 'meanSquaredError' });
    const xs = tf.randomNormal([16, 5, 3], 0, 1, 'float32', 4);
    const hs = tf.randomNormal([16, 4], 0, 1, 'float32', 5);
    const cs = tf.zeros([16, 4]);
    const target = tf.sum(tf.slice(xs, [0, 4, 0], [16, 1, 1]), [1, 2]).reshape([16, 1]);
    const p1 = model.predict([xs, hs, cs]) as tf.Tensor;
    const p2 = model.predict([xs, tf.zerosLike(hs), cs]) as tf.Tensor;
    expect(maxDiff(p1, p2)).toBeGreaterThan(1e-4);
    const h = await model.fit([xs, hs, cs], target, { epochs: 30, batchSize: 16, verbose: 0 });
    const losses = h.history.loss as number[];
    expect(losses[losses.length - 1] as number).toBeLessThan((losses[0] as number) * 0.5);
  });

  it('stateful: carries states across batches, resets, and rejects another batch size', () => {
    const layer = gru({ units: 3, stateful: true, batchInputShape: [2, 4, 3] });
    const model = tf.sequential({ layers: [layer] });
    const x = tf.randomNormal([2, 4, 3], 0, 1, 'float32', 6);
    const a = model.predict(x) as tf.Tensor;
    const b = model.predict(x) as tf.Tensor;
    expect(maxDiff(a, b)).toBeGreaterThan(1e-4);
    layer.resetStates();
    expect(maxDiff(model.predict(x) as tf.Tensor, a)).toBe(0);
    layer.resetStates([tf.ones([2, 3])]);
    const c = layer.apply(x) as tf.Tensor;
    expect(maxDiff(c, a)).toBeGreaterThan(1e-4);
    expect(() => layer.apply(tf.zeros([3, 4, 3]))).toThrow(/stateful with batch size 2.*batch of 3/);
  });

  it('bidirectional: concat/sum/ave/mul/null, returnState and initialState order', () => {
    const x = tf.randomNormal([2, 4, 3], 0, 1, 'float32', 7);
    const fwd = gru({ units: 2, returnSequences: true, returnState: true });
    const bi = bidirectional({ layer: fwd });
    const [y, hf, hb] = bi.apply(x) as tf.Tensor[];
    expect(y?.shape).toEqual([2, 4, 4]);
    // forward half equals the forward layer; backward half is the reversed backward run
    const [fy] = fwd.apply(x) as tf.Tensor[];
    expect(maxDiff(tf.slice(y as tf.Tensor, [0, 0, 0], [2, 4, 2]), fy as tf.Tensor)).toBe(0);
    const [by, bh] = bi.backwardLayer.apply(x) as tf.Tensor[];
    expect(maxDiff(tf.slice(y as tf.Tensor, [0, 0, 2], [2, 4, 2]), tf.reverse(by as tf.Tensor, 1))).toBe(0);
    expect(maxDiff(hb as tf.Tensor, bh as tf.Tensor)).toBe(0);
    expect(hf?.shape).toEqual([2, 2]);
    const init = [tf.ones([2, 2]), tf.zeros([2, 2])];
    const [, hf2, hb2] = bi.apply(x, { initialState: init }) as tf.Tensor[];
    const [, hfRef] = fwd.apply(x, { initialState: [init[0] as tf.Tensor] }) as tf.Tensor[];
    expect(maxDiff(hf2 as tf.Tensor, hfRef as tf.Tensor)).toBe(0);
    expect(maxDiff(hb2 as tf.Tensor, hb as tf.Tensor)).toBe(0);
    for (const [mergeMode, shape] of [
      ['sum', [2, 3]],
      ['mul', [2, 3]],
      ['ave', [2, 3]],
    ] as const) {
      expect((bidirectional({ layer: lstm({ units: 3 }), mergeMode }).apply(x) as tf.Tensor).shape).toEqual(shape);
    }
    const both = bidirectional({ layer: lstm({ units: 3 }), mergeMode: null }).apply(x) as tf.Tensor[];
    expect(both.map((t) => t.shape)).toEqual([
      [2, 3],
      [2, 3],
    ]);
  });

  it.each([
    ['sum', (f: number, b: number) => f + b],
    ['mul', (f: number, b: number) => f * b],
    ['ave', (f: number, b: number) => (f + b) / 2],
    ['concat', null],
  ] as const)('bidirectional mergeMode %s merges the two directions element by element', (mergeMode, merge) => {
    const x = tf.randomNormal([2, 4, 3], 0, 1, 'float32', 11);
    const bi = bidirectional({ layer: lstm({ units: 3, returnSequences: true, seed: 5 }), mergeMode });
    const y = (bi.apply(x) as tf.Tensor).arraySync() as number[][][];
    // the reference: each direction run on its own, the backward one re-reversed in time, merged in plain JS
    const f = (bi.forwardLayer.apply(x) as tf.Tensor).arraySync() as number[][][];
    const b = (tf.reverse(bi.backwardLayer.apply(x) as tf.Tensor, 1) as tf.Tensor).arraySync() as number[][][];
    const want = f.map((fs, i) =>
      fs.map((fv, t) => (merge === null ? [...fv, ...(b[i]?.[t] ?? [])] : fv.map((v, u) => merge(v, b[i]?.[t]?.[u] ?? Number.NaN)))),
    );
    expect(y).toEqual(want.map((s) => s.map((v) => v.map((e) => Math.fround(e)))));
    // the two directions differ, so a merge that ignored one of them could not pass
    expect(f).not.toEqual(b);
  });

  it('round-trips getConfig/fromConfig through a saved model', async () => {
    const model = tf.sequential({
      layers: [
        bidirectional({ layer: gru({ units: 3, returnSequences: true, resetAfter: false }), inputShape: [4, 2] }),
        lstm({ units: 2, returnSequences: true }),
        peepholeLSTM({ units: 2, returnSequences: true }),
        simpleRNN({ units: 2, activation: 'relu' }),
      ],
    });
    const x = tf.randomNormal([2, 4, 2], 0, 1, 'float32', 8);
    const y = model.predict(x) as tf.Tensor;
    let saved: tf.io.ModelArtifacts | null = null;
    await model.save(
      tf.io.withSaveHandler(async (a) => {
        saved = a;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved as unknown as tf.io.ModelArtifacts));
    expect(maxDiff(loaded.predict(x) as tf.Tensor, y)).toBe(0);
    const cfg = (loaded.layers[0] as Bidirectional).forwardLayer.recurrentCell.getConfig();
    expect(cfg.resetAfter).toBe(false);
    expect(cfg.units).toBe(3);
    const cell = LSTMCell.fromConfig(LSTMCell, new LSTMCell({ units: 7, unitForgetBias: false }).getConfig()) as LSTMCell;
    expect(cell.units).toBe(7);
    expect(cell.unitForgetBias).toBe(false);
  });

  it('validates arguments with typed, named errors', () => {
    expect(() => gru({ units: 12.5 })).toThrow(/units.*integer >= 1.*12\.5/);
    expect(() => lstm({ units: 0 })).toThrow(/units/);
    expect(() => gru({ units: 2, dropout: 1.5 })).toThrow(/dropout/);
    expect(() => gru({ units: 2, activation: 'softmax' as never })).toThrow(/activation/);
    expect(() => bidirectional({ layer: gru({ units: 2 }), mergeMode: 'max' as never })).toThrow(/mergeMode/);
    expect(() => gruSequence(tf.zeros([2, 3]) as never, tf.zeros([2, 4]), { kernel: tf.zeros([3, 12]), recurrentKernel: tf.zeros([4, 12]) })).toThrow(
      /inputs.*rank 3/,
    );
    expect(() => gruSequence(tf.zeros([2, 3, 3]), tf.zeros([2, 4]), { kernel: tf.zeros([3, 9]), recurrentKernel: tf.zeros([4, 12]) })).toThrow(
      /kernel.*\[3,12\].*\[3,9\]/,
    );
  });

  it('rejects missing or non-object args with a ValueError naming the factory (issue 18)', () => {
    expect(() => (gru as (a?: unknown) => unknown)()).toThrow(ValueError);
    expect(() => (gru as (a?: unknown) => unknown)()).toThrow(/Expected gru args to be an object with at least `units`, but got undefined\./);
    expect(() => (lstm as (a?: unknown) => unknown)(null)).toThrow(/Expected lstm args to be an object.*null/);
    expect(() => new (GRUCell as unknown as new () => unknown)()).toThrow(/Expected GRUCell args to be an object with at least `units`, but got undefined\./);
    expect(() => new (RNN as unknown as new () => unknown)()).toThrow(/Expected RNN args to be an object/);
    expect(() => (bidirectional as (a?: unknown) => unknown)()).toThrow(/Expected Bidirectional args to be an object/);
  });

  it.each([
    ['gru', () => gru({ units: 4, unitz: 3 } as never), /Unknown option `unitz` in gru args/],
    ['lstm', () => lstm({ units: 4, resetAfter: true } as never), /Unknown option `resetAfter` in lstm args/],
    ['simpleRNN', () => simpleRNN({ units: 4, recurrentActivation: 'sigmoid' } as never), /Unknown option `recurrentActivation` in simpleRNN args/],
    ['peepholeLSTM', () => peepholeLSTM({ units: 4, returnSequence: true } as never), /Unknown option `returnSequence` in peepholeLSTM args/],
    ['GRUCell', () => new GRUCell({ units: 4, returnSequences: true } as never), /Unknown option `returnSequences` in GRUCell args/],
    ['LSTMCell', () => new LSTMCell({ units: 4, unitForgetBiass: true } as never), /Unknown option `unitForgetBiass` in LSTMCell args/],
    ['SimpleRNNCell', () => new SimpleRNNCell({ units: 4, activaton: 'relu' } as never), /Unknown option `activaton` in SimpleRNNCell args/],
    ['PeepholeLSTMCell', () => new PeepholeLSTMCell({ units: 4, seeed: 1 } as never), /Unknown option `seeed` in PeepholeLSTMCell args/],
    ['RNN', () => new RNN({ cell: new GRUCell({ units: 2 }), returnSequencs: true } as never), /Unknown option `returnSequencs` in RNN args/],
    ['rnn', () => rnn({ cell: new GRUCell({ units: 2 }), units: 3 } as never), /Unknown option `units` in RNN args/],
    ['bidirectional', () => bidirectional({ layer: gru({ units: 2 }), merge_mode: 'sum' } as never), /Unknown option `merge_mode` in Bidirectional args/],
  ])('%s rejects an unknown option with a ValueError naming it (issue 18)', (_name, make, message) => {
    expect(make).toThrow(ValueError);
    expect(make).toThrow(message);
  });

  it('applies dropout only in training', () => {
    const layer = gru({ units: 3, dropout: 0.5, recurrentDropout: 0.5, returnSequences: true });
    const x = tf.randomNormal([2, 4, 3], 0, 1, 'float32', 9);
    const a = layer.apply(x) as tf.Tensor;
    const b = layer.apply(x, { training: false }) as tf.Tensor;
    expect(maxDiff(a, b)).toBe(0);
    const c = layer.apply(x, { training: true }) as tf.Tensor;
    expect(maxDiff(a, c)).toBeGreaterThan(1e-4);
  });
});

describe('no leaks over 50 training steps and predictions', () => {
  async function run(build: () => tf.LayersModel, batchSize: number): Promise<void> {
    const model = build();
    model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
    await model.trainOnBatch(x, y);
    (model.predict(x) as tf.Tensor).dispose();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) {
      await model.trainOnBatch(x, y);
      tf.dispose(model.predict(x, { batchSize }) as tf.Tensor);
    }
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  }
  let x: tf.Tensor;
  let y: tf.Tensor;
  beforeAll(() => {
    x = tf.randomNormal([4, 6, 3], 0, 1, 'float32', 10);
    y = tf.randomNormal([4, 2], 0, 1, 'float32', 11);
  });

  it('plain GRU + LSTM stack', async () => {
    await run(
      () =>
        tf.sequential({
          layers: [lstm({ units: 4, returnSequences: true, inputShape: [6, 3] }), gru({ units: 4 }), tf.layers.dense({ units: 2 })],
        }),
      4,
    );
  });

  it('bidirectional', async () => {
    await run(() => tf.sequential({ layers: [bidirectional({ layer: gru({ units: 4 }), inputShape: [6, 3] }), tf.layers.dense({ units: 2 })] }), 4);
  });

  it('stateful', async () => {
    await run(() => tf.sequential({ layers: [gru({ units: 4, stateful: true, batchInputShape: [4, 6, 3] }), tf.layers.dense({ units: 2 })] }), 4);
  });
});
