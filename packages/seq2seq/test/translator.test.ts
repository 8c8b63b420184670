import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { FileFormatError, ValueError } from '@rnn/core';
import { setupBackend } from '@rnn/core/node';
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
    const model = new Seq2Seq({ sourceVocabSize: sourceVocab.size, targetVocabSize: targetVocab.size, units: 32, embeddingDim: 16, attention: 'luongDot' });
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
    const model = new Seq2Seq({ sourceVocabSize: 10, targetVocabSize: v.size, units: 4, embeddingDim: 4 });
    expect(() => new Translator({ model, sourceVocab: v, targetVocab: v })).toThrow(/`sourceVocab` to have 10 entries.*but it has 7/);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  describe('input checks (issue 18 items 6, 7)', () => {
    const sourceVocab = Vocabulary.fromTexts(pairs.map(([s]) => normalizeForTranslation(s)));
    const targetVocab = Vocabulary.fromTexts(pairs.map(([, t]) => normalizeForTranslation(t)));
    const config = { sourceVocabSize: sourceVocab.size, targetVocabSize: targetVocab.size, units: 8, embeddingDim: 4, attention: 'luongDot' as const, seed: 2 };

    it('rejects a translate() argument that is not an array of strings with a typed error', () => {
      const translator = new Translator({ model: new Seq2Seq(config), sourceVocab, targetVocab });
      expect(() => translator.translate(null as never)).toThrow(ValueError);
      expect(() => translator.translate(null as never)).toThrow(/`texts` to be an array of strings, but got null/);
      expect(() => translator.translate('Il est grand.' as never)).toThrow(/`texts` to be an array of strings/);
      expect(() => translator.translate(['Il est grand.', 5 as never])).toThrow(/`texts\[1\]` to be a string, but got 5/);
      expect(() => translator.encodeSource(undefined as never)).toThrow(/`text` to be a string, but got undefined/);
      translator.dispose();
    });

    it('translates an empty, emoji-only or all-unknown sentence to "" without running the model, and says why', () => {
      const model = new Seq2Seq(config);
      const translator = new Translator({ model, sourceVocab, targetVocab, decoding: { strategy: 'greedy', maxLength: 6 } });
      const alone = translator.translateDetailed(['Il est grand.'])[0];
      expect(alone?.skipped).toBeNull();
      expect(alone?.ids.length).toBeGreaterThan(0); // this model does output something for a real sentence
      const encode = jest.spyOn(model, 'encode');
      expect(translator.translate(['', '   ', '😀😀', 'xyzzy plugh'])).toEqual(['', '', '', '']);
      expect(encode).not.toHaveBeenCalled();
      const mixed = translator.translateDetailed(['', 'Il est grand.', '🙂', 'Xyzzy!?', 'il est xyzzy']);
      expect(mixed[0]).toEqual({ text: '', ids: [], logProb: 0, attention: [], skipped: 'empty' });
      expect(mixed[2]).toEqual(mixed[0]);
      expect(mixed[3]).toEqual({ ...mixed[0], skipped: 'unknown' }); // "xyzzy ! ?": no token is known
      expect(mixed[1]?.ids).toEqual(alone?.ids);
      expect(mixed[1]?.logProb).toBeCloseTo(alone?.logProb as number, 5);
      expect(mixed[4]?.skipped).toBeNull(); // some tokens known: translated
      expect(encode).toHaveBeenCalledTimes(1);
      encode.mockRestore();
      translator.dispose();
    });

    it('rejects unknown options of the Translator, its decoding and Translator.load', async () => {
      const model = new Seq2Seq(config);
      expect(() => new Translator({ model, sourceVocab, targetVocab, decoding: { strategy: 'beam', beamwidth: 3 } as never })).toThrow(
        /Unknown option `beamwidth` in TranslatorArgs.decoding \(strategy "beam"\)/,
      );
      expect(() => new Translator({ model, sourceVocab, targetVocab, decoding: { strategy: 'greedy', beamWidth: 3 } as never })).toThrow(
        /Unknown option `beamWidth` in TranslatorArgs.decoding \(strategy "greedy"\)/,
      );
      expect(() => new Translator({ model, sourceVocab, targetVocab, decoding: { strategy: 'greed' } as never })).toThrow(/`decoding.strategy`.*"greed"/);
      expect(() => new Translator({ model, sourceVocab, targetVocab, normalize: 'lower' as never })).toThrow(/`normalize` to be a function/);
      expect(() => new Translator({ model, sourceVocab } as never)).toThrow(/Expected TranslatorArgs.targetVocab, but it is undefined/);
      expect(() => new Translator(null as never)).toThrow(/TranslatorArgs to be an object, but got null/);
      const sampling = new Translator({ model, sourceVocab, targetVocab, decoding: { strategy: 'sample', temperature: 0.5, seed: 1, maxLength: 3 } });
      expect(sampling.translate(['Il est grand.'])).toHaveLength(1);
      const dir = mkdtempSync(join(tmpdir(), 's2s-tr-'));
      try {
        await sampling.save(dir);
        await expect(Translator.load(dir, { decode: { strategy: 'greedy' } } as never)).rejects.toThrow(/Unknown option `decode` in Translator.load options/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      model.dispose();
    });
  });
});
