import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileFormatError, NotImplementedError, ShapeError, ValueError } from '@rnn/core';
import { setupBackend } from '@rnn/core/node';
import * as tf from '@tensorflow/tfjs';
import { Bidirectional, RNN } from '../index.js';
import { fileSystem } from '../node/index.js';
import type { RecurrentLayerFactories } from './keras-recurrent-config.js';
import { loadKerasModel } from './load-keras-model.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, '../../test/fixtures/keras');
const GRU_DIR = join(fixtures, 'embedding-gru-dense');
const BILSTM_DIR = join(fixtures, 'bilstm-functional');

/** tfjs' own layers: enough for LSTM (tfjs cannot build a reset-after GRU). */
const stock: RecurrentLayerFactories = {
  gru: (a) => tf.layers.gru(a as never),
  lstm: (a) => tf.layers.lstm(a as never),
  simpleRNN: (a) => tf.layers.simpleRNN(a as never),
  bidirectional: (a) => tf.layers.bidirectional(a as never),
};

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

async function maxDiff(model: tf.LayersModel, x: tf.Tensor, expected: number[][][]): Promise<number> {
  const y = model.predict(x) as tf.Tensor;
  expect(y.shape).toEqual([expected.length, expected[0]?.length, expected[0]?.[0]?.length]);
  const got = await y.data();
  y.dispose();
  return Math.max(...expected.flat(2).map((v, i) => Math.abs(v - (got[i] as number))));
}

/** The fixture's artifacts, edited, served from memory. */
async function edited(dir: string, edit: (json: Record<string, unknown> & { modelTopology: Record<string, unknown> }) => void): Promise<tf.io.IOHandler> {
  const artifacts = await fileSystem(dir).load();
  const json = { modelTopology: JSON.parse(JSON.stringify(artifacts.modelTopology)) as Record<string, unknown>, format: artifacts.format };
  edit(json);
  return tf.io.fromMemory({ ...artifacts, modelTopology: json.modelTopology, format: json.format });
}

beforeAll(async () => {
  await setupBackend({ backend: 'cpu' });
});

describe('loadKerasModel', () => {
  it('loads a Functional Input → Bidirectional(LSTM) → Dense model and matches torch (≤ 1e-5)', async () => {
    const { x, output } = readJson<{ x: number[][][]; output: number[][][] }>(join(BILSTM_DIR, 'expected.json'));
    // Baseline: what tfjs itself keeps alive for this topology (its Bidirectional holds extra copies).
    type ModelJson = Parameters<typeof tf.models.modelFromJSON>[0];
    const topology = readJson<{ modelTopology: { model_config: ModelJson } }>(join(BILSTM_DIR, 'model.json')).modelTopology.model_config;
    let start = tf.memory().numTensors;
    const plain = await tf.models.modelFromJSON(topology);
    const tfjsKeeps = tf.memory().numTensors - start;
    plain.dispose();

    start = tf.memory().numTensors;
    const model = await loadKerasModel(BILSTM_DIR, { factories: stock });
    expect(tf.memory().numTensors - start).toBe(tfjsKeeps); // the decoded weight tensors were released
    const xt = tf.tensor3d(x);
    const before = tf.memory().numTensors;
    expect(await maxDiff(model, xt, output)).toBeLessThanOrEqual(1e-5);
    expect(tf.memory().numTensors).toBe(before);
    xt.dispose();
    model.dispose();
  });

  it('loads Embedding → GRU(reset_after=True) → Dense with our GRU and matches torch (≤ 1e-5)', async () => {
    const { ids, output } = readJson<{ ids: number[][]; output: number[][][] }>(join(GRU_DIR, 'expected.json'));
    const start = tf.memory().numTensors;
    const model = await loadKerasModel(join(GRU_DIR, 'model.json'));
    expect(model.layers.map((l) => l.name)).toEqual(['embedding_input', 'embedding', 'gru', 'dense']);
    // the GRU is ours (tfjs' own GRU cannot even be built with resetAfter)
    expect(model.getLayer('gru')).toBeInstanceOf(RNN);
    expect(
      model
        .getLayer('gru')
        .getWeights()
        .map((w) => w.shape),
    ).toEqual([
      [3, 12],
      [4, 12],
      [2, 12],
    ]);
    const x = tf.tensor2d(ids, undefined, 'int32');
    expect(await maxDiff(model, x, output)).toBeLessThanOrEqual(1e-5);
    // and it re-saves in the tfjs format and reloads with plain tf.loadLayersModel
    const dir = mkdtempSync(join(tmpdir(), 'rnn-keras-gru-'));
    try {
      await model.save(fileSystem(dir));
      const again = await tf.loadLayersModel(fileSystem(dir));
      expect(await maxDiff(again, x, output)).toBeLessThanOrEqual(1e-5);
      again.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    x.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  it('loads the Functional Bidirectional(LSTM) model with our layers and matches torch (≤ 1e-5)', async () => {
    const { x, output } = readJson<{ x: number[][][]; output: number[][][] }>(join(BILSTM_DIR, 'expected.json'));
    const start = tf.memory().numTensors;
    const model = await loadKerasModel(BILSTM_DIR);
    expect(model.getLayer('bidirectional')).toBeInstanceOf(Bidirectional);
    const xt = tf.tensor3d(x);
    expect(await maxDiff(model, xt, output)).toBeLessThanOrEqual(1e-5);
    xt.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  it('shows why it exists: stock tfjs refuses the reset-after GRU model', async () => {
    await expect(tf.loadLayersModel(fileSystem(GRU_DIR))).rejects.toThrow(/reset_after/);
  });

  it('refuses graph models and non-JSON topologies with FileFormatError', async () => {
    const graph = await edited(BILSTM_DIR, (j) => {
      j.format = 'graph-model';
    });
    await expect(loadKerasModel(graph, { factories: stock })).rejects.toThrow(FileFormatError);
    await expect(loadKerasModel(graph, { factories: stock })).rejects.toThrow(/"layers-model" from the IO handler.*"graph-model"/);
    await expect(loadKerasModel(join(fixtures, 'missing'))).rejects.toThrow(/model folder at .*missing.*does not exist/);
    await expect(loadKerasModel(42 as never)).rejects.toThrow(/pathOrHandler.*path or a tf.io.IOHandler.*42/);
  });

  it('throws on recurrent config keys it cannot map, and on time_major', async () => {
    const lstmConfig = (j: { modelTopology: Record<string, unknown> }): Record<string, unknown> => {
      const mc = j.modelTopology.model_config as { config: { layers: { config: { layer?: { config: Record<string, unknown> } } }[] } };
      return mc.config.layers[1]?.config.layer?.config as Record<string, unknown>;
    };
    const odd = await edited(BILSTM_DIR, (j) => {
      lstmConfig(j).forget_gate_mode = 'fancy';
    });
    await expect(loadKerasModel(odd, { factories: stock })).rejects.toThrow(ValueError);
    await expect(loadKerasModel(odd, { factories: stock })).rejects.toThrow(/"lstm" \(LSTM\): unknown config key `forgetGateMode` = "fancy"/);
    const tm = await edited(BILSTM_DIR, (j) => {
      lstmConfig(j).time_major = true;
    });
    await expect(loadKerasModel(tm, { factories: stock })).rejects.toThrow(NotImplementedError);
  });

  it('reads a GRU config without reset_after (old Keras) as reset-before, so the [2, 3u] bias no longer fits', async () => {
    const old = await edited(GRU_DIR, (j) => {
      const mc = j.modelTopology.model_config as { config: { layers: { class_name: string; config: Record<string, unknown> }[] } };
      delete (mc.config.layers.find((l) => l.class_name === 'GRU') as { config: Record<string, unknown> }).config.reset_after;
    });
    await expect(loadKerasModel(old)).rejects.toThrow(/"gru\/gru_cell\/bias" of layer "gru" to have shape \[12\], but got \[2,12\]/);
  });

  it('warns once per layer about regularizers it drops', async () => {
    const reg = await edited(BILSTM_DIR, (j) => {
      const mc = j.modelTopology.model_config as { config: { layers: { config: { layer?: { config: Record<string, unknown> } } }[] } };
      const cfg = mc.config.layers[1]?.config.layer?.config as Record<string, unknown>;
      cfg.kernel_regularizer = { class_name: 'L2', config: { l2: 0.01 } };
    });
    const warnings: string[] = [];
    const model = await loadKerasModel(reg, { factories: stock, warn: (m) => warnings.push(m) });
    expect(warnings).toEqual([expect.stringMatching(/layer "lstm" \(LSTM\) has kernelRegularizer, which the imported layer does not apply/)]);
    model.dispose();
  });

  it('names the weight when a shape does not fit and rejects unmatched weights when strict', async () => {
    const artifacts = await fileSystem(BILSTM_DIR).load();
    const specs = artifacts.weightSpecs ?? [];
    // Rename the dense weights so no layer owns them.
    const renamed = tf.io.fromMemory({ ...artifacts, weightSpecs: specs.map((s) => ({ ...s, name: s.name.replace('dense/', 'head/') })) });
    await expect(loadKerasModel(renamed, { factories: stock })).rejects.toThrow(/weights for layer "dense".*none under that name/);
    const lenient = await loadKerasModel(renamed, { factories: stock, strict: false });
    lenient.dispose();
    // A model with 5 units instead of 2 in the head: the stored [8,2] kernel no longer fits.
    const wide = await edited(BILSTM_DIR, (j) => {
      const mc = j.modelTopology.model_config as { config: { layers: { config: Record<string, unknown> }[] } };
      (mc.config.layers[2] as { config: Record<string, unknown> }).config.units = 5;
    });
    await expect(loadKerasModel(wide, { factories: stock })).rejects.toThrow(ShapeError);
    await expect(loadKerasModel(wide, { factories: stock })).rejects.toThrow(/"dense\/kernel" of layer "dense" to have shape \[8,5\], but got \[8,2\]/);
  });

  it('matches weights named without the cell scope (gru/kernel) or with a :0 suffix', async () => {
    const { x, output } = readJson<{ x: number[][][]; output: number[][][] }>(join(BILSTM_DIR, 'expected.json'));
    const artifacts = await fileSystem(BILSTM_DIR).load();
    const specs = artifacts.weightSpecs ?? [];
    const xt = tf.tensor3d(x);
    for (const rename of [(n: string) => n.replace('/lstm_cell/', '/'), (n: string) => `${n}:0`]) {
      const handler = tf.io.fromMemory({ ...artifacts, weightSpecs: specs.map((s) => ({ ...s, name: rename(s.name) })) });
      const model = await loadKerasModel(handler, { factories: stock });
      expect(await maxDiff(model, xt, output)).toBeLessThanOrEqual(1e-5);
      model.dispose();
    }
    xt.dispose();
  });

  it('reads Keras 3 configs (dtype policy objects, batch_shape, module keys)', async () => {
    const { x, output } = readJson<{ x: number[][][]; output: number[][][] }>(join(BILSTM_DIR, 'expected.json'));
    const k3 = await edited(BILSTM_DIR, (j) => {
      const mc = j.modelTopology.model_config as { config: { layers: { class_name: string; config: Record<string, unknown>; module?: string }[] } };
      for (const layer of mc.config.layers) {
        layer.module = 'keras.layers';
        layer.config.dtype = { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null };
      }
      const input = mc.config.layers[0]?.config as Record<string, unknown>;
      input.batch_shape = input.batch_input_shape;
      delete input.batch_input_shape;
    });
    const model = await loadKerasModel(k3, { factories: stock });
    const xt = tf.tensor3d(x);
    expect(await maxDiff(model, xt, output)).toBeLessThanOrEqual(1e-5);
    xt.dispose();
    model.dispose();
  });

  it('gives a model that saves through fileSystem() and reloads with the same predictions', async () => {
    const { x } = readJson<{ x: number[][][] }>(join(BILSTM_DIR, 'expected.json'));
    const dir = mkdtempSync(join(tmpdir(), 'rnn-keras-'));
    try {
      const model = await loadKerasModel(BILSTM_DIR, { factories: stock });
      await model.save(fileSystem(join(dir, 'm')));
      const again = await tf.loadLayersModel(fileSystem(join(dir, 'm')));
      const xt = tf.tensor3d(x);
      const a = model.predict(xt) as tf.Tensor;
      const b = again.predict(xt) as tf.Tensor;
      expect(Array.from(await b.data())).toEqual(Array.from(await a.data()));
      tf.dispose([xt, a, b]);
      model.dispose();
      again.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a model without a weights manifest, even when not strict, instead of using random weights', async () => {
    const artifacts = await fileSystem(GRU_DIR).load();
    const bare = tf.io.fromMemory({ modelTopology: artifacts.modelTopology, format: artifacts.format });
    await expect(loadKerasModel(bare, { strict: false })).rejects.toThrow(FileFormatError);
    await expect(loadKerasModel(bare, { strict: false })).rejects.toThrow(
      /Expected the IO handler to have a `weightsManifest` with the model's weights, but it has none; the model would get fresh random weights/,
    );
    const dir = mkdtempSync(join(tmpdir(), 'rnn-keras-'));
    try {
      const json = readJson<Record<string, unknown>>(join(GRU_DIR, 'model.json'));
      delete json.weightsManifest;
      writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
      await expect(loadKerasModel(dir, { strict: false })).rejects.toThrow(/model\.json to hold a `weightsManifest`/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses manifest entries that do not match the model: dtype, count, names, topology', async () => {
    const artifacts = await fileSystem(GRU_DIR).load();
    const specs = artifacts.weightSpecs ?? [];
    const start = tf.memory().numTensors;
    // the dense kernel declared int32: same byte size, wrong dtype
    const ints = tf.io.fromMemory({ ...artifacts, weightSpecs: specs.map((s) => (s.name.endsWith('dense/kernel') ? { ...s, dtype: 'int32' } : s)) });
    await expect(loadKerasModel(ints)).rejects.toThrow(FileFormatError);
    await expect(loadKerasModel(ints)).rejects.toThrow(
      /`dtype` of weight "dense\/kernel" of layer "dense" in the IO handler to be "float32", but the manifest says "int32"/,
    );
    // the dense bias missing from the manifest (its bytes are then simply not read)
    const fewer = tf.io.fromMemory({ ...artifacts, weightSpecs: specs.filter((s) => !s.name.endsWith('dense/bias')) });
    await expect(loadKerasModel(fewer)).rejects.toThrow(/Expected 2 weights for layer "dense" \(Dense\), but the IO handler has 1/);
    // an extra entry that belongs to no layer
    const extra = tf.io.fromMemory({
      ...artifacts,
      weightSpecs: [...specs, { name: 'stray/kernel', shape: [1], dtype: 'float32' }],
      weightData: tf.io.concatenateArrayBuffers([artifacts.weightData as ArrayBuffer, new ArrayBuffer(4)]),
    });
    await expect(loadKerasModel(extra)).rejects.toThrow(/every weight in the IO handler to belong to a layer, but \["stray\/kernel"\] matched none/);
    // a topology that is not a Keras model config
    const odd = tf.io.fromMemory({ ...artifacts, modelTopology: { model_config: { layers: [] } } });
    await expect(loadKerasModel(odd)).rejects.toThrow(
      /`modelTopology.model_config` \(or `modelTopology`\) of the IO handler to be a Keras model config \{ class_name, config \}, but got \{"layers":\[\]\}/,
    );
    expect(tf.memory().numTensors).toBe(start);
  });
});
