// Loading a text-generation bundle refuses damaged or mismatched files with a FileFormatError naming the file
// (issue 18), and `--units` refuses sizes that cannot be allocated before any work starts.
import { mkdtempSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStream } from '@rnn/app-kit';
import { FileFormatError, setupBackend, writeJsonAtomic } from '@rnn/core/node';
import { Vocabulary } from '@rnn/tokenizers';
import * as tf from '@tensorflow/tfjs';
import { loadBundleFiles } from '../src/bundle.js';
import { createCli } from '../src/cli.js';
import { CharLM } from '../src/model/char-lm.js';
import { saveCharLM } from '../src/model/char-lm-files.js';

let dir: string;
const CONFIG = { vocabSize: 11, embeddingDim: 4, units: 6, seed: 1 };
const WEIGHTS = 11 * 4 + 4 * 18 + 6 * 18 + 2 * 18 + 6 * 11 + 11;

/** A bundle folder as `saveModel` writes it: a 7-character vocabulary (+4 reserved = 11) and its model. */
function writeBundle(vocabChars = 'abcdefg'): void {
  const model = CharLM.create(CONFIG);
  saveCharLM(model, dir);
  model.dispose();
  writeJsonAtomic(join(dir, 'vocab.json'), new Vocabulary([...vocabChars], { mode: 'char' }).toJSON());
  writeJsonAtomic(join(dir, 'split.json'), { heldOutFraction: 0.1, maxChars: null, seqLength: 10 });
}

beforeAll(async () => {
  await setupBackend({ backend: 'wasm' });
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'text-gen-bundle-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('loadBundleFiles', () => {
  it('loads an intact bundle', () => {
    writeBundle();
    const { model, vocab } = loadBundleFiles(dir);
    expect(vocab.size).toBe(11);
    expect(model.countParams()).toBe(WEIGHTS);
    model.dispose();
  });

  it('refuses a truncated char-lm.bin, naming the file and the byte counts', () => {
    writeBundle();
    truncateSync(join(dir, 'char-lm.bin'), WEIGHTS * 4 - 3);
    const before = tf.memory().numTensors;
    expect(() => loadBundleFiles(dir)).toThrow(FileFormatError);
    expect(() => loadBundleFiles(dir)).toThrow(
      new RegExp(
        `Expected .*char-lm\\.bin to hold ${WEIGHTS} float32 weights \\(${WEIGHTS * 4} bytes\\).*but it has ${WEIGHTS * 4 - 3} bytes \\(not a whole number`,
      ),
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses a char-lm.bin with whole but missing weights', () => {
    writeBundle();
    truncateSync(join(dir, 'char-lm.bin'), WEIGHTS * 4 - 8);
    expect(() => loadBundleFiles(dir)).toThrow(new RegExp(`char-lm\\.bin to hold ${WEIGHTS} float32 weights.*but it has ${WEIGHTS * 4 - 8} bytes\\.`));
  });

  it('refuses a deleted char-lm.bin with a FileFormatError naming it (not a raw ENOENT)', () => {
    writeBundle();
    unlinkSync(join(dir, 'char-lm.bin'));
    expect(() => loadBundleFiles(dir)).toThrow(FileFormatError);
    expect(() => loadBundleFiles(dir)).toThrow(/Expected the model weights file .*char-lm\.bin \(\d+ float32 weights, \d+ bytes\), but it does not exist\./);
  });

  it('refuses a char-lm.json whose config is not a model description', () => {
    writeBundle();
    writeFileSync(join(dir, 'char-lm.json'), JSON.stringify({ config: { ...CONFIG, units: -3 }, weights: [] }));
    expect(() => loadBundleFiles(dir)).toThrow(/Expected `config\.units` in .*char-lm\.json to be an integer >= 1, but got -3\./);
    writeFileSync(join(dir, 'char-lm.json'), 'null');
    expect(() => loadBundleFiles(dir)).toThrow(/char-lm\.json to hold an object with `config`.*but got null/);
  });

  it('refuses a vocabulary smaller (or larger) than the model, and leaks no tensor', () => {
    writeBundle('abcdef');
    const before = tf.memory().numTensors;
    expect(() => loadBundleFiles(dir)).toThrow(FileFormatError);
    expect(() => loadBundleFiles(dir)).toThrow(
      /Expected the vocabulary .*vocab\.json to have 11 entries \(the model's vocabSize in char-lm\.json\), but it has 10\./,
    );
    expect(tf.memory().numTensors).toBe(before);
    writeJsonAtomic(join(dir, 'vocab.json'), new Vocabulary([...'abcdefgh'], { mode: 'char' }).toJSON());
    expect(() => loadBundleFiles(dir)).toThrow(/to have 11 entries .* but it has 12\./);
  });
});

describe('train --units', () => {
  it('refuses an impossible width up front with a usage error naming the flag and the limit', async () => {
    const stdout = new MemoryStream();
    const stderr = new MemoryStream();
    const code = await createCli({ stdout, stderr, cwd: dir, env: { RNN_DATA_DIR: dir } }).run(['train', '--units', '100000']);
    expect(code).toBe(2);
    expect(stderr.text).toMatch(/Expected `--units` to be a decimal integer in \[1, 4096\], but got "100000"\./);
  });
});
