import { Rng, setupBackend } from '@rnn/core/node';
import * as tf from '@tensorflow/tfjs';
import { SEQ2SEQ_DEFAULTS } from '../src/model/config.js';
import { Seq2Seq } from '../src/model/seq2seq.js';
import { sequenceLoss } from '../src/model/sequence-loss.js';
import { createTeacherForcingPolicy } from '../src/training/create-teacher-forcing-policy.js';

beforeAll(async () => {
  await setupBackend({ backend: 'wasm' });
});

describe('Seq2Seq model', () => {
  it('computes a finite loss near ln(V) at init for every attention type and cell', () => {
    for (const attention of ['none', 'luongDot', 'luongGeneral', 'bahdanau'] as const) {
      for (const cell of ['gru', 'lstm'] as const) {
        const before = tf.memory().numTensors;
        const m = new Seq2Seq({
          sourceVocabSize: 11,
          targetVocabSize: 13,
          units: 8,
          embeddingDim: 6,
          attention,
          cell,
          bidirectionalEncoder: true,
          encoderLayers: 2,
        });
        const src = tf.tensor2d(
          [
            [3, 4, 5, 0],
            [6, 7, 0, 0],
          ],
          undefined,
          'int32',
        );
        const tgt = tf.tensor2d(
          [
            [5, 4, 2],
            [7, 2, 0],
          ],
          undefined,
          'int32',
        );
        const l = m.loss(src, tgt);
        const v = l.dataSync()[0] as number;
        expect(Math.abs(v - Math.log(13))).toBeLessThan(0.3);
        tf.dispose([l, src, tgt]);
        m.dispose();
        expect(tf.memory().numTensors).toBe(before);
      }
    }
  });

  it('names, orders and shapes the attention weights per kind (the bundle layout)', () => {
    const expected = {
      none: [],
      luongDot: [['attention/Wc', [16, 8]]],
      luongGeneral: [
        ['attention/W', [8, 8]],
        ['attention/Wc', [16, 8]],
      ],
      bahdanau: [
        ['attention/W1', [8, 8]],
        ['attention/W2', [8, 8]],
        ['attention/v', [8]],
        ['attention/Wc', [16, 8]],
      ],
    } as const;
    for (const [attention, weights] of Object.entries(expected)) {
      const m = new Seq2Seq({ sourceVocabSize: 11, targetVocabSize: 13, units: 8, embeddingDim: 6, attention: attention as keyof typeof expected });
      const specs = m.weightSpecs();
      const names = specs.map((w) => w.name);
      expect(specs.filter((w) => w.name.startsWith('attention/')).map((w) => [w.name, w.shape])).toEqual(weights);
      // attention weights sit between the decoder layers and the output projection
      if (weights.length > 0) expect(names.indexOf('attention/Wc') + 1).toBe(names.indexOf('output/kernel'));
      expect(specs.find((w) => w.name === 'decoder/l0/kernel')?.shape).toEqual([attention === 'bahdanau' ? 14 : 6, 24]);
      m.dispose();
    }
  });

  it('ignores source padding: appending pad tokens does not change the logits', () => {
    const m = new Seq2Seq({ sourceVocabSize: 11, targetVocabSize: 13, units: 8, embeddingDim: 6, attention: 'luongGeneral', bidirectionalEncoder: true });
    const a = tf.tidy(() => m.logits(tf.tensor2d([[3, 4, 5]], undefined, 'int32'), tf.tensor2d([[5, 4, 2]], undefined, 'int32')));
    const b = tf.tidy(() => m.logits(tf.tensor2d([[3, 4, 5, 0, 0]], undefined, 'int32'), tf.tensor2d([[5, 4, 2]], undefined, 'int32')));
    expect(tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]).toBeLessThan(1e-5);
    tf.dispose([a, b]);
    m.dispose();
  });

  it('rejects invalid configs with a message naming the field', () => {
    expect(() => new Seq2Seq({ sourceVocabSize: 10, targetVocabSize: 10, units: 12.5 })).toThrow(/`units`.*integer.*12\.5/);
    expect(() => new Seq2Seq({ sourceVocabSize: 10, targetVocabSize: 10, tiedEmbeddings: true })).toThrow(/embeddingDim.*64.*units.*128/);
    expect(() => new Seq2Seq({ sourceVocabSize: 10, targetVocabSize: 10, attention: 'luong' as never })).toThrow(/`attention`.*"luong"/);
    expect(() => new Seq2Seq({ sourceVocabSize: 10, targetVocabSize: 10, unit: 3 } as never)).toThrow(/Unknown option `unit`/);
    expect(SEQ2SEQ_DEFAULTS.cell).toBe('gru');
  });
});

describe('Seq2Seq paths agree', () => {
  for (const attention of ['none', 'luongDot', 'luongGeneral'] as const) {
    for (const cell of ['gru', 'lstm'] as const) {
      it(`the fused teacher-forced decoder equals the step-by-step decoder (${cell}, ${attention})`, () => {
        const m = new Seq2Seq({
          sourceVocabSize: 11,
          targetVocabSize: 13,
          units: 8,
          embeddingDim: 6,
          attention,
          cell,
          encoderLayers: 2,
          bidirectionalEncoder: true,
        });
        const src = tf.tensor2d(
          [
            [3, 4, 5, 0],
            [6, 7, 8, 9],
          ],
          undefined,
          'int32',
        );
        const tgt = tf.tensor2d(
          [
            [5, 4, 3, 2],
            [7, 2, 0, 0],
          ],
          undefined,
          'int32',
        );
        const [fused, stepped] = tf.tidy(() => {
          const enc = m.encode(src);
          const decIn = m.shiftRight(tgt);
          const a = m.decodeTeacherForced(enc, decIn).logits;
          let states = enc.states;
          const steps = (tf.unstack(decIn, 1) as tf.Tensor1D[]).map((tok) => {
            const r = m.decodeStep(enc, tok, states);
            states = r.states;
            return r.logits;
          });
          return [a, tf.stack(steps, 1)];
        });
        expect(tf.max(tf.abs(tf.sub(fused as tf.Tensor, stepped as tf.Tensor))).dataSync()[0]).toBeLessThan(1e-5);
        tf.dispose([fused as tf.Tensor, stepped as tf.Tensor, src, tgt]);
        m.dispose();
      });
    }
  }

  for (const tiedEmbeddings of [false, true]) {
    it(`the fused projection+loss op equals sequenceLoss on the logits: value and every gradient (tiedEmbeddings ${tiedEmbeddings})`, () => {
      const before = tf.memory().numTensors;
      const m = new Seq2Seq({ sourceVocabSize: 11, targetVocabSize: 13, units: 8, embeddingDim: 8, attention: 'luongGeneral', tiedEmbeddings, dropout: 0 });
      const src = tf.tensor2d(
        [
          [3, 4, 5, 0],
          [6, 7, 8, 9],
        ],
        undefined,
        'int32',
      );
      const tgt = tf.tensor2d(
        [
          [5, 4, 3, 2],
          [7, 2, 0, 0],
        ],
        undefined,
        'int32',
      ); // padding must count for nothing
      const fused = tf.variableGrads(() => m.loss(src, tgt), m.trainableVariables);
      const ref = tf.variableGrads(() => tf.tidy(() => sequenceLoss(m.logits(src, tgt), tgt)), m.trainableVariables);
      expect(fused.value.dataSync()[0]).toBeCloseTo(ref.value.dataSync()[0] as number, 5);
      expect(Object.keys(fused.grads).sort()).toEqual(Object.keys(ref.grads).sort());
      for (const name of Object.keys(ref.grads)) {
        const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(fused.grads[name] as tf.Tensor, ref.grads[name] as tf.Tensor))).dataSync()[0] as number);
        const scale = tf.tidy(() => tf.max(tf.abs(ref.grads[name] as tf.Tensor)).dataSync()[0] as number);
        expect(diff).toBeLessThan(1e-5 * (1 + scale));
      }
      tf.dispose([fused.value, ref.value, src, tgt, ...Object.values(fused.grads), ...Object.values(ref.grads)]);
      m.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it("sequential scheduled sampling with epsilon 0 trains on the model's own tokens as constants: same loss and gradients as teacher forcing on them", () => {
    const m = new Seq2Seq({ sourceVocabSize: 11, targetVocabSize: 13, units: 8, embeddingDim: 6, attention: 'luongDot' });
    const src = tf.tensor2d(
      [
        [3, 4, 5, 0],
        [6, 7, 8, 9],
      ],
      undefined,
      'int32',
    );
    const tgt = tf.tensor2d(
      [
        [5, 4, 3, 2],
        [7, 8, 2, 0],
      ],
      undefined,
      'int32',
    );
    const policy = createTeacherForcingPolicy({ kind: 'scheduled', schedule: () => 0, mode: 'sequential' });
    const rng = new Rng(3);
    const prepared = policy.prepare(m, { source: src, target: tgt, targetIds: tgt.arraySync() }, 0, rng);
    const seq = tf.variableGrads(() => prepared.loss(), m.trainableVariables);
    prepared.dispose();
    // the free-running argmax tokens, computed without any tape
    const own = tf.tidy(() => {
      const enc = m.encode(src);
      let states = enc.states;
      let tok = tf.tensor1d([1, 1], 'int32');
      const rows: number[][] = [[1], [1]];
      for (let t = 0; t < 3; t++) {
        const r = m.decodeStep(enc, tok, states);
        states = r.states;
        const ids = Array.from(tf.argMax(r.logits, 1).dataSync());
        ids.forEach((id, b) => {
          rows[b]?.push(id);
        });
        tok = tf.tensor1d(ids, 'int32');
      }
      return tf.tensor2d(rows, undefined, 'int32');
    });
    const tf_ = tf.variableGrads(() => tf.tidy(() => sequenceLoss(m.decodeTeacherForced(m.encode(src), own).logits, tgt)), m.trainableVariables);
    expect(seq.value.dataSync()[0]).toBeCloseTo(tf_.value.dataSync()[0] as number, 5);
    for (const name of Object.keys(tf_.grads)) {
      expect(tf.max(tf.abs(tf.sub(seq.grads[name] as tf.Tensor, tf_.grads[name] as tf.Tensor))).dataSync()[0]).toBeLessThan(1e-5);
    }
    tf.dispose([seq.value, tf_.value, own, src, tgt, ...Object.values(seq.grads), ...Object.values(tf_.grads)]);
    m.dispose();
  });
});
