import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileFormatError, setupBackend } from '@rnn/core/node';
import { normalizeForTranslation } from '@rnn/data';
import { Vocabulary } from '@rnn/tokenizers';
import * as tf from '@tensorflow/tfjs';
import { fit, Seq2Seq, saveSeq2Seq, Translator } from '../src/node/index.js';

beforeAll(async () => {
  await setupBackend({ backend: 'wasm' });
});

const pairs: [string, string][] = [
  ['Je suis content.', 'I am happy.'],
  ['Il est grand.', 'He is tall.'],
  ['Elle est petite.', 'She is small.'],
  ['Nous sommes là.', 'We are here.'],
];

describe('Translator', () => {
  it('trains on a few pairs through its own pipeline and translates them back, also after save/load', async () => {
    const norm = (s: string) => normalizeForTranslation(s);
    const sourceVocab = Vocabulary.fromTexts(pairs.map(([s]) => norm(s)));
    const targetVocab = Vocabulary.fromTexts(pairs.map(([, t]) => norm(t)));
    const model = new Seq2Seq({ srcVocabSize: sourceVocab.size, tgtVocabSize: targetVocab.size, units: 32, embeddingDim: 16, attention: 'luong-dot' });
    const translator = new Translator({ model, sourceVocab, targetVocab, decoding: { strategy: 'beam', beamWidth: 3 } });
    expect(translator.encodeTarget('I am happy.')).toEqual([...targetVocab.encode('i am happy .'), 2]);
    await fit(model, translator.encodePairs(pairs), { epochs: 150, batchSize: 4, learningRate: 1e-2, progressBar: false, shuffle: false });
    expect(translator.translate(pairs.map(([s]) => s))).toEqual(['i am happy .', 'he is tall .', 'she is small .', 'we are here .']);
    const detailed = translator.translateDetailed(['Il est grand.']);
    expect(detailed[0]?.attention?.length).toBe(5); // 4 tokens + <eos>
    expect(detailed[0]?.logProb).toBeLessThan(0);

    const dir = mkdtempSync(join(tmpdir(), 's2s-tr-'));
    try {
      await translator.save(dir);
      const again = await Translator.load(dir);
      expect(again.translate(['Elle est petite.'])).toEqual(['she is small .']);
      expect(again.sourceVocab.tokens).toEqual(sourceVocab.tokens);
      again.dispose();
      // a bundle without vocabularies cannot become a translator
      await saveSeq2Seq(dir, model);
      await expect(Translator.load(dir)).rejects.toThrow(FileFormatError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    translator.dispose();
  });

  it('rejects vocabularies that do not match the model', () => {
    const v = Vocabulary.fromTexts(['a b c']);
    const before = tf.memory().numTensors;
    const model = new Seq2Seq({ srcVocabSize: 10, tgtVocabSize: v.size, units: 4, embeddingDim: 4 });
    expect(() => new Translator({ model, sourceVocab: v, targetVocab: v })).toThrow(/`sourceVocab` to have 10 entries.*but it has 7/);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
