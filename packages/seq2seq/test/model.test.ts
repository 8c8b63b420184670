import * as tf from '@tensorflow/tfjs';
import { setupBackend } from '@rnn/core';
import { Seq2Seq } from '../src/model/seq2seq.js';
import { SEQ2SEQ_DEFAULTS } from '../src/model/config.js';

beforeAll(async () => {
  await setupBackend({ backend: 'wasm' });
});

describe('Seq2Seq model', () => {
  it('computes a finite loss near ln(V) at init for every attention type and cell', () => {
    for (const attention of ['none', 'luong-dot', 'luong-general', 'bahdanau'] as const) {
      for (const cell of ['gru', 'lstm'] as const) {
        const before = tf.memory().numTensors;
        const m = new Seq2Seq({ srcVocabSize: 11, tgtVocabSize: 13, units: 8, embeddingDim: 6, attention, cell, bidirectionalEncoder: true, encoderLayers: 2 });
        const src = tf.tensor2d([[3, 4, 5, 0], [6, 7, 0, 0]], undefined, 'int32');
        const tgt = tf.tensor2d([[5, 4, 2], [7, 2, 0]], undefined, 'int32');
        const l = m.loss(src, tgt);
        const v = l.dataSync()[0] as number;
        expect(Math.abs(v - Math.log(13))).toBeLessThan(0.3);
        tf.dispose([l, src, tgt]);
        m.dispose();
        expect(tf.memory().numTensors).toBe(before);
      }
    }
  });

  it('ignores source padding: appending pad tokens does not change the logits', () => {
    const m = new Seq2Seq({ srcVocabSize: 11, tgtVocabSize: 13, units: 8, embeddingDim: 6, attention: 'luong-general', bidirectionalEncoder: true });
    const a = tf.tidy(() => m.logits(tf.tensor2d([[3, 4, 5]], undefined, 'int32'), tf.tensor2d([[5, 4, 2]], undefined, 'int32')));
    const b = tf.tidy(() => m.logits(tf.tensor2d([[3, 4, 5, 0, 0]], undefined, 'int32'), tf.tensor2d([[5, 4, 2]], undefined, 'int32')));
    expect(tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]).toBeLessThan(1e-5);
    tf.dispose([a, b]);
    m.dispose();
  });

  it('rejects invalid configs with a message naming the field', () => {
    expect(() => new Seq2Seq({ srcVocabSize: 10, tgtVocabSize: 10, units: 12.5 })).toThrow(/`units`.*integer.*12\.5/);
    expect(() => new Seq2Seq({ srcVocabSize: 10, tgtVocabSize: 10, tiedEmbeddings: true })).toThrow(/embeddingDim.*64.*units.*128/);
    expect(() => new Seq2Seq({ srcVocabSize: 10, tgtVocabSize: 10, attention: 'luong' as never })).toThrow(/`attention`.*"luong"/);
    expect(() => new Seq2Seq({ srcVocabSize: 10, tgtVocabSize: 10, unit: 3 } as never)).toThrow(/Unknown option `unit`/);
    expect(SEQ2SEQ_DEFAULTS.cell).toBe('gru');
  });
});
