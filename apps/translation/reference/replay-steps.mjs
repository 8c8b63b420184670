// Replays trace_steps.py's PyTorch run with @rnn/seq2seq: same initial weights, same batches, same Adam
// (lr, clip 5), and prints both losses and gradient norms step by step.
// Usage: node replay-steps.mjs /tmp/nmt/trace.json [--our-init]
import { readFileSync } from 'node:fs';
import { setupBackend } from '@rnn/core/node';
import { Seq2Seq, Trainer } from '@rnn/seq2seq/node';
import * as tf from '@tensorflow/tfjs';

const ref = JSON.parse(readFileSync(process.argv[2] ?? '/tmp/nmt/trace.json', 'utf8'));
await setupBackend({ backend: 'wasm' });
const model = new Seq2Seq({ ...ref.config, cell: 'gru', attention: 'luongGeneral' });
// --our-init: keep @rnn/seq2seq's own initialisation (seed 42) instead of PyTorch's initial weights.
if (!process.argv.includes('--our-init')) model.setWeights(ref.weights.map((w) => tf.tensor(w.values, w.shape)));
const trainer = new Trainer(model, { learningRate: ref.lr, clipNorm: ref.clip, progressBar: false });
const pad = (rows) => {
  const n = Math.max(...rows.map((r) => r.length));
  return rows.map((r) => [...r, ...new Array(n - r.length).fill(0)]);
};
ref.batches.forEach((b, i) => {
  const r = trainer.trainBatch({ source: { values: pad(b.source) }, target: { values: pad(b.target) } });
  if (i % 10 === 0 || i < 5) {
    console.log(
      `step ${i + 1}: loss ours ${r.loss.toFixed(4)} torch ${ref.losses[i].toFixed(4)} | grad norm ours ${r.gradNorm.toFixed(4)} torch ${ref.gradNorms[i].toFixed(4)}`,
    );
  }
});
