import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng, setupBackend } from '@rnn/core/node';
import * as tf from '@tensorflow/tfjs';
import { CharLM } from '../src/model/char-lm.js';
import { loadCharLM, saveCharLM } from '../src/model/char-lm-files.js';
import { evaluateHeldOut, trainEpoch } from '../src/train/stateful-training.js';

beforeAll(async () => {
  await setupBackend({ backend: 'wasm' });
});

describe('evaluateHeldOut layout', () => {
  it('scores the targets of stateful windows over contiguous held-out tracks', () => {
    // 30 ids, held out from 10: 20 ids, 2 tracks of floor(19 / 2) = 9, windows of min(100, 9) = 9
    const ids = Int32Array.from({ length: 30 }, (_, i) => i);
    const { positions, crossEntropy } = evaluateHeldOut(null, ids, 10, { seqLength: 100, tracks: 2 });
    expect(Array.from(positions)).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28]);
    expect(crossEntropy).toBeNaN();
  });
});

describe('CharLM with stateful training', () => {
  // a period-7 text over ids 4..8: the previous character alone does not determine the next (5 → 6 or 4)
  const pattern = [4, 5, 6, 5, 4, 7, 8];
  const ids = Int32Array.from({ length: 4000 }, (_, i) => pattern[i % pattern.length] as number);
  const trainLength = 3600;

  it('learns a periodic text far below the uniform cross-entropy, without leaking tensors', () => {
    const model = CharLM.create({ vocabSize: 11, embeddingDim: 8, units: 24, seed: 3 });
    const opt = tf.train.adam(0.02);
    const args = { seqLength: 25, batchSize: 8, clipNorm: 5 };
    try {
      const first = trainEpoch(model, opt, ids.subarray(0, trainLength), args); // creates Adam's slots
      const before = tf.memory().numTensors;
      let last = first;
      for (let e = 0; e < 7; e++) last = trainEpoch(model, opt, ids.subarray(0, trainLength), args);
      expect(tf.memory().numTensors).toBe(before);
      expect(first).toBeGreaterThan(1);
      expect(last).toBeLessThan(0.15);
      const held = evaluateHeldOut(model, ids, trainLength, { seqLength: 25, tracks: 4 });
      expect(held.crossEntropy).toBeLessThan(0.15); // uniform: ln 11 = 2.4
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      opt.dispose();
      model.dispose();
    }
  });

  it('saves and loads to the same logits, and generates the same text for the same seed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'char-lm-'));
    const model = CharLM.create({ vocabSize: 11, embeddingDim: 4, units: 6, seed: 1 });
    const copy = (() => {
      saveCharLM(model, dir);
      return loadCharLM(dir);
    })();
    try {
      const x = tf.tensor2d([[4, 5, 6]], [1, 3], 'int32');
      const h = model.zeroState(1);
      const a = model.forward(x, h);
      const b = copy.forward(x, h);
      expect(Array.from(b.logits.dataSync())).toEqual(Array.from(a.logits.dataSync()));
      tf.dispose([x, h, a.logits, a.state, b.logits, b.state]);
      const before = tf.memory().numTensors;
      const g1 = model.generate([4, 5], 20, 1, new Rng(9), [0, 1, 2, 3]);
      const g2 = copy.generate([4, 5], 20, 1, new Rng(9), [0, 1, 2, 3]);
      expect(g2).toEqual(g1);
      expect(g1).toHaveLength(20);
      expect(g1.every((id) => id >= 4 && id < 11)).toBe(true);
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      model.dispose();
      copy.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
