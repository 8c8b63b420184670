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
const cfg = {
  sourceVocabSize: 10,
  targetVocabSize: 12,
  units: 8,
  embeddingDim: 6,
  attention: 'luongGeneral' as const,
  cell: 'lstm' as const,
  bidirectionalEncoder: true,
};

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
    const src = [
      [3, 4, 5],
      [6, 7],
    ];
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
    await expect(loadSeq2Seq(dir, opts)).rejects.toThrow(/format version 1 or 2 .*but got 99; load it with the @rnn\/seq2seq that wrote it/);

    writeFileSync(manifestPath, JSON.stringify({ ...manifest, config: { ...manifest.config, units: 9 } }));
    await expect(loadSeq2Seq(dir, opts)).rejects.toThrow(ShapeError);
    await expect(loadSeq2Seq(dir, opts)).rejects.toThrow(
      /encoder\.0\.weight_ih_l0 in .*weights\.safetensors to have shape \[36,6\] for the bundle's config, but got \[32,6\]/,
    );

    writeFileSync(manifestPath, JSON.stringify({ ...manifest, config: { ...manifest.config, targetVocabSize: 13 } }));
    await expect(loadSeq2Seq(dir, opts)).rejects.toThrow(/target_embedding/);

    writeFileSync(manifestPath, JSON.stringify(manifest));
    writeFileSync(join(dir, BUNDLE_FILES.targetVocab), JSON.stringify(vocabulary(11).toJSON()));
    await expect(loadSeq2Seq(dir, opts)).rejects.toThrow(/target vocabulary .* 12 entries .*targetVocabSize.* but it has 11/);

    rmSync(join(dir, BUNDLE_FILES.weights));
    await expect(loadSeq2Seq(dir, opts)).rejects.toThrow(FileFormatError);
    await expect(loadSeq2Seq(dir, opts)).rejects.toThrow(/weights\.safetensors/);
    await expect(loadSeq2Seq(join(root, 'nope'), opts)).rejects.toThrow(/does not exist/);
    m.dispose();
  });

  it('loads a version-1 bundle (weights.bin in weightSpecs order) with the same outputs', async () => {
    const m = new Seq2Seq({ ...cfg, seed: 5 });
    const dir = join(root, 'v1');
    await saveSeq2Seq(dir, m, { sourceVocab: vocabulary(10), targetVocab: vocabulary(12) });
    // Rewrite it as version 1: float32 LE weights back to back, manifest with offsets.
    const ws = m.getWeights();
    const specs = m.weightSpecs();
    let offset = 0;
    const entries = specs.map((s, i) => {
      const e = { name: s.name, shape: s.shape, dtype: 'float32', offset };
      offset += 4 * (ws[i] as tf.Tensor).size;
      return e;
    });
    const flat = new Float32Array(offset / 4);
    let at = 0;
    for (const w of ws) {
      flat.set(w.dataSync() as Float32Array, at);
      at += w.size;
    }
    tf.dispose(ws);
    rmSync(join(dir, BUNDLE_FILES.weights));
    writeFileSync(join(dir, 'weights.bin'), new Uint8Array(flat.buffer));
    const manifest = JSON.parse(readFileSync(join(dir, BUNDLE_FILES.manifest), 'utf8'));
    const { weightsLayout: _, ...rest } = manifest;
    // Version-1 bundles were written before the names were unified: srcVocabSize, 'luong-general'.
    const { sourceVocabSize, targetVocabSize, ...config } = rest.config;
    const legacy = { ...config, srcVocabSize: sourceVocabSize, tgtVocabSize: targetVocabSize, attention: 'luong-general' };
    writeFileSync(join(dir, BUNDLE_FILES.manifest), JSON.stringify({ ...rest, config: legacy, formatVersion: 1, weights: entries, trainingTensors: null }));
    const { model } = await loadSeq2Seq(dir, opts);
    const src = [
      [3, 4, 5],
      [6, 7],
    ];
    expect(greedy(model, src, { maxLength: 6 })).toEqual(greedy(m, src, { maxLength: 6 }));
    const a = tf.tidy(() => Array.from(m.logits(tf.tensor2d([[3, 4]], undefined, 'int32'), tf.tensor2d([[5, 2]], undefined, 'int32')).dataSync()));
    const b = tf.tidy(() => Array.from(model.logits(tf.tensor2d([[3, 4]], undefined, 'int32'), tf.tensor2d([[5, 2]], undefined, 'int32')).dataSync()));
    expect(b).toEqual(a);
    model.dispose();
    m.dispose();
  });

  it('refuses a bundle.json that is null, not an object, or lacks config / vocabularies / weights, naming the file (issue 18 item 6)', async () => {
    const m = new Seq2Seq({ ...cfg, seed: 2 });
    const dir = join(root, 'bad');
    await saveSeq2Seq(dir, m, { sourceVocab: vocabulary(10), targetVocab: vocabulary(12) });
    m.dispose();
    const path = join(dir, BUNDLE_FILES.manifest);
    const good = JSON.parse(readFileSync(path, 'utf8'));
    const before = tf.memory().numTensors;
    const cases: [unknown, RegExp][] = [
      [null, /bundle\.json to be a seq2seq bundle manifest with a JSON object, but got null/],
      [[1, 2], /with a JSON object/],
      [{ ...good, config: undefined }, /with a "config" object, but got undefined/],
      [{ ...good, vocabularies: undefined }, /"vocabularies": \{ "source": boolean, "target": boolean \}/],
      [{ ...good, formatVersion: 1, weights: undefined }, /a "weights" list \(format version 1\)/],
      [{ ...good, config: { ...good.config, units: -3 } }, /config in .*bundle\.json to describe a Seq2Seq model, but: .*units/],
    ];
    for (const [manifest, message] of cases) {
      writeFileSync(path, JSON.stringify(manifest));
      await expect(loadSeq2Seq(dir, opts)).rejects.toThrow(FileFormatError);
      await expect(loadSeq2Seq(dir, opts)).rejects.toThrow(message);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('leaves the previous bundle intact and no temporary folder when a save fails midway', async () => {
    const m = new Seq2Seq(cfg);
    const dir = join(root, 'c');
    await saveSeq2Seq(dir, m, { sourceVocab: vocabulary(10) });
    const before = readFileSync(join(dir, BUNDLE_FILES.weights));
    const m2 = new Seq2Seq({ ...cfg, seed: 7 });
    // the target vocabulary fails to serialise after weights.bin was already written to the temp folder
    const broken: VocabularyLike = {
      size: 12,
      toJSON: () => {
        throw new Error('disk full');
      },
    };
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
