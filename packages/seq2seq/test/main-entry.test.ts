import { setupBackend, ValueError } from '@rnn/core';
import * as tf from '@tensorflow/tfjs';
// The main entry only (jest gives each test file its own modules): what Node code gets when it forgets
// @rnn/seq2seq/node, and what a browser always gets.
import { fit, HttpBundleStore, loadSeq2Seq, resolveBundleStore, Seq2Seq, saveSeq2Seq, Translator } from '../src/index.js';

beforeAll(async () => {
  await setupBackend({ backend: 'cpu' });
});

describe('@rnn/seq2seq main entry without @rnn/seq2seq/node', () => {
  it('rejects folder paths with an error naming @rnn/seq2seq/node', async () => {
    const m = new Seq2Seq({ srcVocabSize: 6, tgtVocabSize: 6, units: 4, embeddingDim: 3 });
    const hint = /folder path "runs\/m": folder bundles are read and written in Node through @rnn\/seq2seq\/node/;
    await expect(loadSeq2Seq('runs/m')).rejects.toThrow(ValueError);
    await expect(loadSeq2Seq('runs/m')).rejects.toThrow(hint);
    await expect(saveSeq2Seq('runs/m', m)).rejects.toThrow(hint);
    await expect(Translator.load('runs/m')).rejects.toThrow(hint);
    expect(() => resolveBundleStore('/abs/path')).toThrow(/@rnn\/seq2seq\/node/);
    m.dispose();
  });

  it('reads a path in a page as a URL relative to the page', () => {
    const page = globalThis as { document?: unknown; location?: unknown };
    page.document = {};
    page.location = { href: 'http://127.0.0.1:8080/app/index.html' };
    try {
      const store = resolveBundleStore('models/fr-en');
      expect(store).toBeInstanceOf(HttpBundleStore);
      expect(store.location).toBe('http://127.0.0.1:8080/app/models/fr-en/');
    } finally {
      delete page.document;
      delete page.location;
    }
    expect(() => resolveBundleStore('models/fr-en')).toThrow(/@rnn\/seq2seq\/node/);
  });

  it("draws no progress bar for 'auto', and refuses a forced one naming the node entry", async () => {
    const m = new Seq2Seq({ srcVocabSize: 6, tgtVocabSize: 6, units: 4, embeddingDim: 3 });
    const pairs = [{ source: [3, 4], target: [4, 3, 2] }];
    const history = await fit(m, pairs, { epochs: 1, batchSize: 1 });
    expect(history.epochs).toHaveLength(1);
    await expect(fit(m, pairs, { epochs: 1, batchSize: 1, progressBar: true })).rejects.toThrow(/`progressBar`.*@rnn\/seq2seq\/node/);
    m.dispose();
    expect(tf.getBackend()).toBe('cpu');
  });
});
