import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileFormatError, ValueError } from '@rnn/core';
import { setupBackend } from '@rnn/core/node';
import * as tf from '@tensorflow/tfjs';
import { gru, registerLayers } from '../index.js';
import { fileSystem } from './file-system.js';

let root: string;

beforeAll(async () => {
  await setupBackend({ backend: 'cpu' });
  root = mkdtempSync(join(tmpdir(), 'rnn-io-fs-'));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

function stockModel(): tf.Sequential {
  const model = tf.sequential();
  model.add(tf.layers.embedding({ inputDim: 7, outputDim: 4, inputLength: 5 }));
  model.add(tf.layers.lstm({ units: 3, returnSequences: true }));
  model.add(tf.layers.simpleRNN({ units: 3 }));
  model.add(tf.layers.dense({ units: 2, activation: 'softmax' }));
  return model;
}

describe('fileSystem', () => {
  it('saves model.json + weights.bin and loads a model that predicts the same numbers', async () => {
    const dir = join(root, 'stock');
    const model = stockModel();
    const x = tf.tensor2d([
      [1, 2, 3, 4, 5],
      [6, 0, 1, 1, 2],
    ]);
    const before = tf.memory().numTensors;
    const result = await model.save(fileSystem(dir));
    expect(tf.memory().numTensors).toBe(before);
    expect(readdirSync(dir).sort()).toEqual(['model.json', 'weights.bin']);
    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0].paths).toEqual(['./weights.bin']);
    // embeddings 7*4 + lstm (4*12 + 3*12 + 12) + rnn (3*3 + 3*3 + 3) + dense (3*2 + 2), float32
    const params = 28 + 96 + 21 + 8;
    expect(readFileSync(join(dir, 'weights.bin')).byteLength).toBe(params * 4);
    expect(result.modelArtifactsInfo.weightDataBytes).toBe(params * 4);

    const loaded = await tf.loadLayersModel(fileSystem(dir));
    const a = model.predict(x) as tf.Tensor;
    const b = loaded.predict(x) as tf.Tensor;
    expect(Array.from(await b.data())).toEqual(Array.from(await a.data()));
    tf.dispose([a, b, x]);
    model.dispose();
    loaded.dispose();
  });

  it('round-trips a model with our GRU and predicts the same numbers', async () => {
    registerLayers();
    const dir = join(root, 'ours');
    const model = tf.sequential();
    model.add(tf.layers.embedding({ inputDim: 7, outputDim: 4, inputLength: 5 }));
    model.add(gru({ units: 3, returnSequences: true }));
    model.add(tf.layers.dense({ units: 2 }));
    await model.save(fileSystem(dir));
    const loaded = await tf.loadLayersModel(fileSystem(dir));
    expect(loaded.layers[1]?.getClassName()).toBe(model.layers[1]?.getClassName());
    const x = tf.tensor2d([
      [1, 2, 3, 4, 5],
      [6, 0, 1, 1, 2],
    ]);
    const a = model.predict(x) as tf.Tensor;
    const b = loaded.predict(x) as tf.Tensor;
    expect(b.shape).toEqual([2, 5, 2]);
    expect(Array.from(await b.data())).toEqual(Array.from(await a.data()));
    tf.dispose([a, b, x]);
    model.dispose();
    loaded.dispose();
  });

  it('loads converter output whose weights are split over several shard files', async () => {
    const dir = join(root, 'sharded');
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [4] })] });
    await model.save(fileSystem(dir));
    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    const bin = readFileSync(join(dir, 'weights.bin'));
    rmSync(join(dir, 'weights.bin'));
    // 60 bytes: split mid-tensor, as the converter's 4 MB shards do
    writeFileSync(join(dir, 'group1-shard1of2.bin'), bin.subarray(0, 25));
    writeFileSync(join(dir, 'group1-shard2of2.bin'), bin.subarray(25));
    json.weightsManifest[0].paths = ['group1-shard1of2.bin', 'group1-shard2of2.bin'];
    writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
    const loaded = await tf.loadLayersModel(fileSystem(dir));
    const x = tf.ones([1, 4]);
    const a = model.predict(x) as tf.Tensor;
    const b = loaded.predict(x) as tf.Tensor;
    expect(Array.from(await b.data())).toEqual(Array.from(await a.data()));
    tf.dispose([x, a, b]);
    model.dispose();
    loaded.dispose();
  });

  it('replaces an existing model folder as a whole', async () => {
    const dir = join(root, 'replace');
    const m1 = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3] })] });
    const m2 = tf.sequential({ layers: [tf.layers.dense({ units: 5, inputShape: [3] })] });
    await m1.save(fileSystem(dir));
    await m2.save(fileSystem(dir));
    const loaded = await tf.loadLayersModel(fileSystem(join(dir, 'model.json')));
    expect(loaded.outputs[0]?.shape).toEqual([null, 5]);
    expect(readdirSync(root).filter((f) => f.includes('.tmp-'))).toEqual([]);
    m1.dispose();
    m2.dispose();
    loaded.dispose();
  });

  it('leaves the previous model untouched when a write fails midway', async () => {
    const dir = join(root, 'atomic');
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3] })] });
    await model.save(fileSystem(dir));
    const oldJson = readFileSync(join(dir, 'model.json'), 'utf8');
    const oldBin = readFileSync(join(dir, 'weights.bin'));
    // model.json is written first, then writing weights.bin fails (bad weight data).
    const handler = fileSystem(dir);
    const bad = { modelTopology: { a: 1 }, weightSpecs: [], weightData: 'not bytes' as unknown as ArrayBuffer };
    await expect(handler.save(bad)).rejects.toThrow(/weightData.*ArrayBuffer.*"not bytes"/);
    expect(readFileSync(join(dir, 'model.json'), 'utf8')).toBe(oldJson);
    expect(readFileSync(join(dir, 'weights.bin')).equals(oldBin)).toBe(true);
    expect(readdirSync(root).filter((f) => f.includes('.tmp-'))).toEqual([]);
    // and a fresh folder is not created at all
    const fresh = join(root, 'never');
    await expect(fileSystem(fresh).save(bad)).rejects.toThrow(ValueError);
    expect(readdirSync(root)).not.toContain('never');
    model.dispose();
  });

  it('refuses to replace a folder that holds other files', async () => {
    const dir = join(root, 'foreign');
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'keep me');
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
    await expect(model.save(fileSystem(dir))).rejects.toThrow(/dir.*foreign.*also holds \["notes.txt"\]/);
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('keep me');
    model.dispose();
  });

  it('throws FileFormatError for a missing folder or model.json', async () => {
    await expect(fileSystem(join(root, 'nope')).load()).rejects.toThrow(FileFormatError);
    await expect(fileSystem(join(root, 'nope')).load()).rejects.toThrow(/model folder at .*nope.*does not exist/);
    const empty = join(root, 'empty');
    mkdirSync(empty);
    await expect(fileSystem(empty).load()).rejects.toThrow(/model\.json in .*empty.*does not exist/);
  });

  it('throws FileFormatError for bad JSON and a missing weights file', async () => {
    const dir = join(root, 'badjson');
    mkdirSync(dir);
    writeFileSync(join(dir, 'model.json'), '{"modelTopology": ');
    await expect(fileSystem(dir).load()).rejects.toThrow(/badjson.model\.json to be JSON, but parsing failed/);
    writeFileSync(join(dir, 'model.json'), '{"format": "layers-model"}');
    await expect(fileSystem(dir).load()).rejects.toThrow(/modelTopology/);
    writeFileSync(
      join(dir, 'model.json'),
      JSON.stringify({ modelTopology: {}, weightsManifest: [{ paths: ['w.bin'], weights: [{ name: 'k', shape: [2], dtype: 'float32' }] }] }),
    );
    await expect(fileSystem(dir).load()).rejects.toThrow(/weights file .*badjson.w\.bin listed in .*does not exist/);
  });

  it('names the path, expected and actual bytes when weights.bin has the wrong size', async () => {
    const dir = join(root, 'short');
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3] })] });
    await model.save(fileSystem(dir));
    const bin = readFileSync(join(dir, 'weights.bin'));
    writeFileSync(join(dir, 'weights.bin'), bin.subarray(0, 20));
    await expect(fileSystem(dir).load()).rejects.toThrow(FileFormatError);
    await expect(fileSystem(dir).load()).rejects.toThrow(/short.weights\.bin to hold 32 bytes .*but found 20 bytes/);
    model.dispose();
  });
});

describe('fileSystem load validation', () => {
  /** A saved Dense(3→2) folder whose model.json is edited by `edit`. */
  async function savedDense(name: string, edit?: (json: Record<string, unknown>) => unknown): Promise<string> {
    const dir = join(root, name);
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3] })] });
    await model.save(fileSystem(dir));
    model.dispose();
    if (edit) {
      const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as Record<string, unknown>;
      const replaced = edit(json);
      writeFileSync(join(dir, 'model.json'), JSON.stringify(replaced === undefined ? json : replaced));
    }
    return dir;
  }

  it('refuses a model.json without weightsManifest instead of building random weights', async () => {
    const dir = await savedDense('no-manifest', (j) => {
      delete j.weightsManifest;
    });
    await expect(tf.loadLayersModel(fileSystem(dir))).rejects.toThrow(FileFormatError);
    await expect(tf.loadLayersModel(fileSystem(dir))).rejects.toThrow(
      /no-manifest.model\.json to hold a `weightsManifest`.*but it has none; loading it would give the model fresh random weights/,
    );
  });

  it('refuses extra bytes after the last weight and names the file and both sizes', async () => {
    const dir = await savedDense('long');
    const bin = readFileSync(join(dir, 'weights.bin'));
    writeFileSync(join(dir, 'weights.bin'), Buffer.concat([bin, Buffer.alloc(4)]));
    await expect(fileSystem(dir).load()).rejects.toThrow(FileFormatError);
    await expect(fileSystem(dir).load()).rejects.toThrow(
      /long.weights\.bin to hold 32 bytes \(the weights `weightsManifest\[0\]\.weights` of .*model\.json declares\), but found 36 bytes \(extra bytes after the last weight\)/,
    );
  });

  it('validates the JSON shape of model.json and names the field and what was expected', async () => {
    const cases: [string, (j: Record<string, unknown>) => unknown, RegExp][] = [
      ['null', () => null, /model\.json to hold a JSON object, but got null/],
      ['array', () => [1], /model\.json to hold a JSON object, but got \[1\]/],
      ['topology-array', (j) => ({ ...j, modelTopology: [] }), /model\.json to hold a `modelTopology` object, but got \[\]/],
      ['format', (j) => ({ ...j, format: 7 }), /`format` in .*model\.json to be a string, but got 7/],
      ['manifest-object', (j) => ({ ...j, weightsManifest: { paths: [] } }), /`weightsManifest` in .*model\.json to be an array, but got \{"paths":\[\]\}/],
      ['group', (j) => ({ ...j, weightsManifest: [3] }), /`weightsManifest\[0\]` in .*to be an object \{ paths, weights \}, but got 3/],
      [
        'paths',
        (j) => ({ ...j, weightsManifest: [{ paths: 'w.bin', weights: [] }] }),
        /`weightsManifest\[0\]\.paths` in .*array of file names, but got "w\.bin"/,
      ],
      ['no-paths', (j) => setGroup(j, { paths: [] }), /`weightsManifest\[0\]\.paths` .*name the file\(s\) holding its 2 weights, but it is empty/],
      ['weights', (j) => setGroup(j, { weights: {} }), /`weightsManifest\[0\]\.weights` in .*array of weight entries, but got \{\}/],
      [
        'escape',
        (j) => setGroup(j, { paths: ['../long/weights.bin'] }),
        /`weightsManifest\[0\]\.paths` in .*to name files inside .*escape, but got "\.\.\/long\/weights\.bin"/,
      ],
      ['name', (j) => setEntry(j, { name: '' }), /`weightsManifest\[0\]\.weights\[0\]\.name` in .*non-empty string, but got ""/],
      ['duplicate', (j) => setEntry(j, { name: 'dup' }, 0, true), /weight name .*unique, but "dup" appears twice/],
      [
        'shape',
        (j) => setEntry(j, { shape: [3, 2.5] }),
        /`weightsManifest\[0\]\.weights\[0\]\.shape` \(.*kernel\) .*non-negative integers, but got \[3,2\.5\]/,
      ],
      ['negative', (j) => setEntry(j, { shape: [-3, 2] }), /\.shape` .*non-negative integers, but got \[-3,2\]/],
      [
        'dtype',
        (j) => setEntry(j, { dtype: 'float64' }),
        /`weightsManifest\[0\]\.weights\[0\]\.dtype` \(.*kernel\) .*one of \["float32","int32","bool","complex64","string"\], but got "float64"/,
      ],
      [
        'quantization',
        (j) => setEntry(j, { quantization: { dtype: 'int4' } }),
        /\.quantization` .*dtype is one of \["uint8","uint16","float16"\], but got \{"dtype":"int4"\}/,
      ],
    ];
    for (const [name, edit, message] of cases) {
      const dir = await savedDense(`shape-${name}`, edit);
      await expect(fileSystem(dir).load()).rejects.toThrow(FileFormatError);
      await expect(fileSystem(dir).load()).rejects.toThrow(message);
    }
  });

  it('leaves tf.loadLayersModel to refuse entries that do not fit the model (name, count, shape, dtype)', async () => {
    // fileSystem() cannot see the model; tfjs' strict loadWeights checks names and count, its variables shape and dtype
    const cases: [string, (j: Record<string, unknown>) => unknown, RegExp][] = [
      ['fit-name', (j) => setEntry(j, { name: 'other/kernel' }), /no target variable: other\/kernel/],
      ['fit-count', (j) => setGroup(j, { weights: [(j.weightsManifest as { weights: unknown[] }[])[0]?.weights[0]] }), /1 of 2 weights are not set/],
      ['fit-shape', (j) => setEntry(j, { shape: [2, 3] }), /Shape mismatch: \[3,2\] vs\. \[2,3\]/],
      ['fit-dtype', (j) => setEntry(j, { dtype: 'int32' }), /dtype of the new value \(int32\) and previous value \(float32\) must match/],
    ];
    for (const [name, edit, message] of cases) {
      const dir = await savedDense(name, edit);
      if (name === 'fit-count') {
        const bin = readFileSync(join(dir, 'weights.bin'));
        writeFileSync(join(dir, 'weights.bin'), bin.subarray(0, 24)); // the kernel only
      }
      await expect(tf.loadLayersModel(fileSystem(dir))).rejects.toThrow(message);
    }
  });

  it('refuses a weights path that is a folder', async () => {
    const dir = await savedDense('bin-folder');
    rmSync(join(dir, 'weights.bin'));
    mkdirSync(join(dir, 'weights.bin'));
    await expect(fileSystem(dir).load()).rejects.toThrow(/weights file .*bin-folder.weights\.bin listed in .*model\.json, but it does not exist/);
  });

  it('loads a folder whose save was killed between its two renames (recoverDirAtomic)', async () => {
    const dir = await savedDense('interrupted');
    // the state a writer killed after moving the old folder aside leaves: only the hidden old folder (its pid is dead)
    const dead = 2 ** 22 + 12345; // above the default pid_max on Linux, so no such process
    renameSync(dir, join(root, `.interrupted.old.tmp-${dead}-00ff00ff`));
    const loaded = await tf.loadLayersModel(fileSystem(dir));
    expect(loaded.outputs[0]?.shape).toEqual([null, 2]);
    loaded.dispose();
  });
});

type Group = { paths?: unknown; weights?: unknown };
function setGroup(j: Record<string, unknown>, patch: Group): Record<string, unknown> {
  const manifest = j.weightsManifest as Group[];
  manifest[0] = { ...manifest[0], ...patch };
  return j;
}
function setEntry(j: Record<string, unknown>, patch: Record<string, unknown>, at = 0, onAll = false): Record<string, unknown> {
  const weights = (j.weightsManifest as { weights: Record<string, unknown>[] }[])[0]?.weights ?? [];
  weights.forEach((w, i) => {
    if (i === at || onAll) Object.assign(w, patch);
  });
  return j;
}
