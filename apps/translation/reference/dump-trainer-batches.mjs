// Replaces the batches of a trace_steps.py file with the first N batches our Trainer would train on
// (bucketByLength with the Trainer's epoch-0 seed for seed 42), keeping PyTorch's initial weights, so both
// frameworks can be run on our batch order (replay-steps.mjs, replay_torch.py).
// Usage: node dump-trainer-batches.mjs /tmp/nmt/trace.json /tmp/nmt/trace-ourbatches.json [seed 42]
import { readFileSync, writeFileSync } from 'node:fs';
import { Rng } from '@rnn/core';
import { bucketByLength } from '@rnn/data';
import { Vocabulary } from '@rnn/tokenizers';

const [inPath = '/tmp/nmt/trace.json', outPath = '/tmp/nmt/trace-ourbatches.json', seedArg = '42'] = process.argv.slice(2);
const seed = Number(seedArg);
const ref = JSON.parse(readFileSync(inPath, 'utf8'));
const d = JSON.parse(readFileSync('/tmp/translation-split-seed42.json', 'utf8'));
const sv = Vocabulary.fromTexts(
  d.train.map((p) => p.source),
  { minFrequency: 3 },
);
const tv = Vocabulary.fromTexts(
  d.train.map((p) => p.target),
  { minFrequency: 3 },
);
const pairs = d.train
  .map((p) => ({ source: sv.encode(p.source), target: [...tv.encode(p.target), 2] }))
  .filter((p) => p.source.length > 0 && p.source.length <= 12 && p.target.length <= 13);
const epochSeed = new Rng(seed * 7919 + 0 * 104729 + 1).seed(); // as packages/seq2seq/src/training/seq2seq-batch.ts (epoch 0)
const { batches } = bucketByLength(pairs, { batchSize: 64, shuffle: true, seed: epochSeed });
ref.batches = batches
  .slice(0, ref.batches.length)
  .map((b) => ({ source: b.indices.map((k) => pairs[k].source), target: b.indices.map((k) => pairs[k].target) }));
writeFileSync(outPath, JSON.stringify(ref));
console.log(`${outPath}: ${ref.batches.length} batches of our Trainer's order (the losses in the file are still PyTorch's own-order ones)`);
