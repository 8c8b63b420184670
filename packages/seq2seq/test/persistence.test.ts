import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileFormatError, ShapeError, setupBackend } from '@rnn/core/node';
import * as tf from '@tensorflow/tfjs';
import { BUNDLE_FILES, greedy, loadSeq2Seq, Seq2Seq, saveSeq2Seq, type VocabularyLike } from '../src/node/index.js';

beforeAll(async () => {
  await setupBackend({ backend: 'wasm' });
});

class FakeVocab implements VocabularyLike {
  constructor(readonly words: string[]) {}
  get size() {
    return this.words.length;
  }
  toJSON() {
    return { words: this.words };
  }
  static fromJSON(j: unknown) {
    return new FakeVocab((j as { words: string[] }).words);
  }
}
const vocabulary = (n: number) => new FakeVocab(Array.from({ length: n }, (_, i) => `w${i}`));
const opts = { vocabularyFromJSON: FakeVocab.fromJSON };
const cfg = { srcVocabSize: 10, tgtVocabSize: 12, units: 8, embeddingDim: 6, attention: 'luong-general' as const, cell: 'lstm' as const, bidirectionalEncoder: true };

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 's2s-save-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('saveSeq2Seq / loadSeq2Seq', () => {
  it('round-trips config, weights (same outputs) and vocabularies', async () => {
    const m = new Seq2Seq({ ...cfg, seed: 1 });
    // perturb so the loaded model cannot match by re-initialisation
    m.setWeights(tf.tidy(() => m.getWeights().map((w) => tf.add(w, 0.01))));
    const dir = join(root, 'bundle');
    await saveSeq2Seq(dir, m, { sourceVocab: vocabulary(10), targetVocab: vocabulary(12) });
    const { model, sourceVocab, targetVocab, trainingState } = await loadSeq2Seq(dir, opts);
    expect(model.config).toEqual(m.config);
    const src = [[3, 4, 5], [6, 7]];
    expect(greedy(model, src, { maxLength: 6 })).toEqual(greedy(m, src, { maxLength: 6 }));
    const a = tf.tidy(() => m.logits(tf.tensor2d([[3, 4]], undefined, 'int32'), tf.tensor2d([[5, 2]], undefined, 'int32')));
    const b = tf.tidy(() => model.logits(tf.tensor2d([[3, 4]], undefined, 'int32'), tf.tensor2d([[5, 2]], undefined, 'int32')));
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    expect(sourceVocab?.size).toBe(10);
    expect(targetVocab?.words[11]).toBe('w11');
    expect(trainingState).toBeNull();
    tf.dispose([a, b]);
    m.dispose();
    model.dispose();
  });

  it('rejects a different format version, a missing file, mismatched weights and a mismatched vocabulary', async () => {
    const m = new Seq2Seq(cfg);
    const dir = join(root, 'b');
    await saveSeq2Seq(dir, m, { sourceVocab: vocabulary(10), targetVocab: vocabulary(12) });
    const manifestPath = join(dir, BUNDLE_FILES.manifest);
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));

    writeFileSync(manifestPath, JSON.stringify({ ...manifest, formatVersion: 99 }));
    await expect(loadSeq2Seq(dir, opts)).rejects.toThrow(/format version 1.*but got 99/);

    writeFileSync(manifestPath, JSON.stringify({ ...manifest, config: { ...manifest.config, units: 9 } }));
    await expect(loadSeq2Seq(dir, opts)).rejects.toThrow(ShapeError);
    await expect(loadSeq2Seq(dir, opts)).rejects.toThrow(/encoder\/l0\/fwd\/kernel \[6,36\] for its config, but got encoder\/l0\/fwd\/kernel \[6,32\]/);

    writeFileSync(manifestPath, JSON.stringify({ ...manifest, config: { ...manifest.config, tgtVocabSize: 13 } }));
    await expect(loadSeq2Seq(dir, opts)).rejects.toThrow(/target_embedding/);

    writeFileSync(manifestPath, JSON.stringify(manifest));
    writeFileSync(join(dir, BUNDLE_FILES.targetVocab), JSON.stringify(vocabulary(11).toJSON()));
    await expect(loadSeq2Seq(dir, opts)).rejects.toThrow(/target vocabulary .* 12 entries .*tgtVocabSize.* but it has 11/);

    rmSync(join(dir, BUNDLE_FILES.weights));
    await expect(loadSeq2Seq(dir, opts)).rejects.toThrow(FileFormatError);
    await expect(loadSeq2Seq(dir, opts)).rejects.toThrow(/weights\.bin/);
    await expect(loadSeq2Seq(join(root, 'nope'), opts)).rejects.toThrow(/does not exist/);
    m.dispose();
  });

  it('leaves the previous bundle intact and no temporary folder when a save fails midway', async () => {
    const m = new Seq2Seq(cfg);
    const dir = join(root, 'c');
    await saveSeq2Seq(dir, m, { sourceVocab: vocabulary(10) });
    const before = readFileSync(join(dir, BUNDLE_FILES.weights));
    const m2 = new Seq2Seq({ ...cfg, seed: 7 });
    // the target vocabulary fails to serialise after weights.bin was already written to the temp folder
    const broken: VocabularyLike = { size: 12, toJSON: () => { throw new Error('disk full'); } };
    await expect(saveSeq2Seq(dir, m2, { targetVocab: broken })).rejects.toThrow(/disk full/);
    expect(readFileSync(join(dir, BUNDLE_FILES.weights)).equals(before)).toBe(true);
    expect(existsSync(join(dir, BUNDLE_FILES.targetVocab))).toBe(false);
    expect(readdirSync(root)).toEqual(['c']);
    const { model } = await loadSeq2Seq(dir, opts);
    expect(greedy(model, [[3, 4]])).toEqual(greedy(m, [[3, 4]]));
    model.dispose();
    m.dispose();
    m2.dispose();
  });
});
