// The training worker: loads the text, trains the character GRU step by step (yielding to its message
// queue between steps, so stop arrives promptly), evaluates held-out perplexity and samples every epoch,
// and saves/loads the weights in IndexedDB. The page never blocks on it.
import { Rng, setupBackend } from '@rnn/core';
import * as tf from '@tensorflow/tfjs';
// Registers the wasm backend and its flags (WASM_HAS_MULTITHREAD_SUPPORT is set below).
import '@tensorflow/tfjs-backend-wasm';
import { TrigramModel } from '@rnn/app-text-generation/model';
import { WASM_PATHS } from '../backend.js';
import { CharGRU, type CharGRUConfig } from './char-gru.js';
import type { TrainConfig, TrainEvent, TrainRequest } from './protocol.js';
import { idbGet, idbPut } from './store.js';

const post = (e: TrainEvent) => postMessage(e);

let config: TrainConfig;
let chars: string[] = [];
let ids = new Int32Array(0);
let trainLength = 0;
let model: CharGRU | null = null;
let optimizer: tf.Optimizer | null = null;
let running = false;
let step = 0;
let epoch = 0;
let batchInEpoch = 0;

/** Strip a Project Gutenberg header/footer (the text between the START and END markers). */
function stripGutenberg(text: string): string {
  const start = text.search(/\*\*\* ?START OF.*\*\*\*/);
  const end = text.search(/\*\*\* ?END OF.*\*\*\*/);
  const from = start >= 0 ? text.indexOf('\n', start) + 1 : 0;
  return text.slice(from, end > from ? end : text.length).trim();
}

/** Batch `i` of an epoch: `batchSize` contiguous tracks of the training ids, window `i` of each. */
function batchAt(i: number): { inputs: number[][]; targets: number[][] } | null {
  const { batchSize, seqLength } = config;
  const track = Math.floor((trainLength - 1) / batchSize);
  if ((i + 1) * seqLength > track) return null;
  const inputs: number[][] = [];
  const targets: number[][] = [];
  for (let b = 0; b < batchSize; b++) {
    const s = b * track + i * seqLength;
    inputs.push(Array.from(ids.subarray(s, s + seqLength)));
    targets.push(Array.from(ids.subarray(s + 1, s + seqLength + 1)));
  }
  return { inputs, targets };
}

function modelConfig(): CharGRUConfig {
  return { vocabSize: chars.length, embeddingDim: config.embeddingDim, units: config.units, seed: config.seed };
}

function sample(seed: number, temperature: number, length: number): string {
  const prefix = Array.from('Alice ', (c) => Math.max(0, chars.indexOf(c)));
  return `Alice ${model!
    .generate(prefix, length, temperature, new Rng(seed))
    .map((i) => chars[i])
    .join('')}`;
}

function endEpoch(): void {
  const perplexity = Math.exp(model!.evaluate(ids.subarray(trainLength), config.seqLength));
  post({ type: 'epoch', epoch, perplexity, sample: sample(config.seed + epoch, config.temperature, config.sampleLength) });
  epoch++;
  batchInEpoch = 0;
  model!.resetState();
}

async function run(): Promise<void> {
  while (running) {
    const b = batchAt(batchInEpoch);
    if (b === null) {
      endEpoch();
      continue;
    }
    const t0 = performance.now();
    const loss = model!.trainStep(optimizer!, b.inputs, b.targets, config.clipNorm);
    step++;
    batchInEpoch++;
    post({ type: 'step', step, epoch, loss, msPerStep: performance.now() - t0 });
    if (config.maxSteps > 0 && step >= config.maxSteps) running = false;
    // Let stop/sample/save messages in between steps.
    await new Promise((r) => setTimeout(r, 0));
  }
  post({ type: 'stopped', step });
}

async function handle(m: TrainRequest): Promise<void> {
  switch (m.type) {
    case 'init': {
      config = m.config;
      // One thread, on tfjs' single-threaded SIMD build even when the page is cross-origin isolated (as
      // `npm run preview` serves it): the threaded build's workers fail in the minified page (see the README).
      tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
      await setupBackend({ backend: 'wasm', threads: 1, wasmPaths: WASM_PATHS, fallback: false });
      const res = await fetch(m.textUrl);
      if (!res.ok) throw new Error(`Expected the text at ${m.textUrl}, but the server answered ${res.status}.`);
      const text = Array.from(stripGutenberg(await res.text())).slice(0, config.maxChars);
      chars = [...new Set(text)].sort();
      const index = new Map(chars.map((c, i) => [c, i]));
      ids = Int32Array.from(text, (c) => index.get(c)!);
      trainLength = Math.floor(ids.length * (1 - config.heldOutFraction));
      const train = ids.subarray(0, trainLength);
      const lambdas = TrigramModel.tune(train, chars.length);
      const positions = Array.from({ length: ids.length - trainLength - 1 }, (_, k) => trainLength + 1 + k);
      const trigram = new TrigramModel(train, chars.length, lambdas).crossEntropy(ids, positions);
      model = CharGRU.create(modelConfig());
      optimizer = tf.train.adam(config.learningRate);
      post({
        type: 'ready',
        chars: ids.length,
        vocabSize: chars.length,
        params: model.countParams(),
        trigramPerplexity: Math.exp(trigram),
        backend: tf.getBackend(),
      });
      return;
    }
    case 'start':
      if (running) return;
      running = true;
      void run().catch((e: Error) => post({ type: 'error', message: e.message }));
      return;
    case 'stop':
      running = false;
      return;
    case 'sample':
      post({ type: 'reply', id: m.id, value: sample(m.seed, m.temperature, m.length) });
      return;
    case 'save':
      await idbPut(m.name, { config: modelConfig(), chars, weights: model!.toFlat(), step, epoch });
      post({ type: 'reply', id: m.id, value: true });
      return;
    case 'load': {
      const saved = await idbGet(m.name);
      if (saved === undefined) throw new Error(`Expected a model saved as "${m.name}" in IndexedDB, but there is none.`);
      running = false;
      model?.dispose();
      chars = saved.chars;
      model = CharGRU.fromFlat(saved.config, saved.weights);
      step = saved.step;
      epoch = saved.epoch;
      post({ type: 'reply', id: m.id, value: { step, epoch } });
      return;
    }
    case 'numTensors':
      post({ type: 'reply', id: m.id, value: tf.memory().numTensors });
      return;
  }
}

addEventListener('message', (e: MessageEvent<TrainRequest>) => {
  handle(e.data).catch((err: Error) => post({ type: 'error', message: err.message }));
});
