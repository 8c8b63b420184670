import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSafetensors } from '@rnn/core';
import { setupBackend } from '@rnn/core/node';
import * as tf from '@tensorflow/tfjs';
import { beamSearch, greedy, loadSeq2Seq, Seq2Seq, type Seq2SeqConfig, saveSeq2Seq, torchStateDictNames } from '../src/node/index.js';
import { pythonCli } from './torch-python.js';

// JS-written bundles loaded by the PyTorch mirror (python/rnn_ts_torch) and PyTorch-written bundles loaded
// here: teacher-forced logits and loss within 1e-5, identical greedy and beam output, for every cell,
// attention kind, stacked/bidirectional encoders and tied embeddings.

beforeAll(async () => {
  await setupBackend({ backend: 'wasm' });
});

const base = { sourceVocabSize: 12, targetVocabSize: 14, embeddingDim: 6, units: 8, seed: 3 };
const CONFIGS: Seq2SeqConfig[] = [
  ...(['gru', 'lstm'] as const).flatMap((cell) =>
    (['none', 'luongDot', 'luongGeneral', 'bahdanau'] as const).map((attention) => ({ ...base, cell, attention })),
  ),
  { ...base, cell: 'gru', attention: 'luongGeneral', encoderLayers: 2, bidirectionalEncoder: true },
  { ...base, cell: 'lstm', attention: 'bahdanau', encoderLayers: 2, bidirectionalEncoder: true },
  { ...base, cell: 'gru', attention: 'luongDot', embeddingDim: 8, tiedEmbeddings: true, encoderLayers: 2 },
  { ...base, cell: 'lstm', attention: 'none', embeddingDim: 8, tiedEmbeddings: true, bidirectionalEncoder: true },
  { ...base, cell: 'gru', attention: 'bahdanau', dropout: 0.3, encoderLayers: 2 },
];
const label = (c: Seq2SeqConfig) =>
  `${c.cell}/${c.attention}${c.encoderLayers ? ` x${c.encoderLayers}` : ''}${c.bidirectionalEncoder ? ' bidir' : ''}${c.tiedEmbeddings ? ' tied' : ''}${c.dropout ? ' dropout' : ''}`;

const source = [
  [5, 6, 7, 8, 9],
  [9, 4, 0, 0, 0],
  [3, 0, 0, 0, 0],
];
const target = [
  [5, 6, 2, 0],
  [7, 8, 9, 2],
  [8, 2, 0, 0],
];
const decodeSources = [[4, 5, 6], [7, 8, 9, 10, 11], [3], [11, 10, 4, 4]];

interface Evaluated {
  logits: number[];
  shape: number[];
  loss: number;
}
interface Reply extends Evaluated {
  greedy: number[][];
  beam: number[][];
  saved: Evaluated;
}

function evaluate(model: Seq2Seq): Evaluated {
  return tf.tidy(() => {
    const s = tf.tensor2d(source, undefined, 'int32');
    const t = tf.tensor2d(target, undefined, 'int32');
    const lg = model.logits(s, t);
    return { logits: Array.from(lg.dataSync()), shape: lg.shape, loss: model.loss(s, t).dataSync()[0] as number };
  });
}

const maxDiff = (a: number[], b: number[]) => a.reduce((m, x, i) => Math.max(m, Math.abs(x - (b[i] as number))), 0);

let root: string;
let replies: Reply[];
const jsModels: Seq2Seq[] = [];
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 's2s-torch-'));
  const requests = [];
  for (const [i, config] of CONFIGS.entries()) {
    const m = new Seq2Seq(config);
    // Non-zero biases and noise everywhere, so every tensor's mapping (gate order, bias rows) matters.
    m.setWeights(tf.tidy(() => m.getWeights().map((w, k) => tf.add(w, tf.randomNormal(w.shape, 0, 0.1, 'float32', 100 * i + k)))));
    jsModels.push(m);
    await saveSeq2Seq(join(root, `js-${i}`), m);
    requests.push({
      bundle: join(root, `js-${i}`),
      source,
      target,
      decode: decodeSources,
      maxLength: 7,
      suppress: [3],
      beam: { width: 3, alpha: 0.6 },
      save: join(root, `torch-${i}`),
      saveConfig: config,
      saveSeed: i,
    });
  }
  replies = pythonCli<Reply[]>(root, 'parity', requests);
});
afterAll(() => {
  for (const m of jsModels) m.dispose();
  rmSync(root, { recursive: true, force: true });
});

describe.each(CONFIGS.map((c, i) => [label(c), i] as const))('PyTorch parity, %s', (_name, i) => {
  it('PyTorch reads the JS bundle: logits and teacher-forced loss within 1e-5', () => {
    const js = evaluate(jsModels[i] as Seq2Seq);
    const py = replies[i] as Reply;
    expect(py.shape).toEqual([3, 4, 14]);
    expect(maxDiff(py.logits, js.logits)).toBeLessThan(1e-5);
    expect(Math.abs(py.loss - js.loss)).toBeLessThan(1e-5);
  });

  it('PyTorch decodes the JS bundle like JS: greedy and beam (GNMT penalty, suppressed token)', () => {
    const m = jsModels[i] as Seq2Seq;
    expect((replies[i] as Reply).greedy).toEqual(greedy(m, decodeSources, { maxLength: 7, suppressTokens: [3] }).tokens);
    expect((replies[i] as Reply).beam).toEqual(beamSearch(m, decodeSources, { maxLength: 7, suppressTokens: [3], beamWidth: 3, lengthPenalty: 0.6 }).tokens);
  });

  it('JS reads the PyTorch bundle: logits and loss within 1e-5 of PyTorch', async () => {
    const { model } = await loadSeq2Seq(join(root, `torch-${i}`));
    try {
      const js = evaluate(model);
      const py = (replies[i] as Reply).saved;
      expect(maxDiff(js.logits, py.logits)).toBeLessThan(1e-5);
      expect(Math.abs(js.loss - py.loss)).toBeLessThan(1e-5);
    } finally {
      model.dispose();
    }
  });

  it('writes exactly the state_dict names of the PyTorch mirror', () => {
    const m = jsModels[i] as Seq2Seq;
    const names = [...readSafetensors(new Uint8Array(readFileSync(join(root, `torch-${i}`, 'weights.safetensors')))).tensors.keys()];
    expect(torchStateDictNames(m.config, m.weightSpecs()).sort()).toEqual(names.sort());
  });
});
