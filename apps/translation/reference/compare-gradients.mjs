// Loads export_compare.py's weights into a @rnn/seq2seq Seq2Seq (luongGeneral, GRU) and compares its
// loss and gradients on the same batch with PyTorch's. Usage: node compare-gradients.mjs /tmp/nmt/compare.json
import { readFileSync } from 'node:fs';
import { setupBackend } from '@rnn/core/node';
import { Seq2Seq } from '@rnn/seq2seq';
import * as tf from '@tensorflow/tfjs';

const ref = JSON.parse(readFileSync(process.argv[2] ?? '/tmp/nmt/compare.json', 'utf8'));
await setupBackend({ backend: process.argv[3] ?? 'wasm' });
const model = new Seq2Seq({ ...ref.config, cell: 'gru', attention: 'luongGeneral' });
const specs = model.weightSpecs();
model.setWeights(
  ref.weights.map((w, i) => {
    if (w.name !== specs[i].name) throw new Error(`weight ${i}: ${w.name} vs ${specs[i].name}`);
    return tf.tensor(w.values, w.shape);
  }),
);
const src = tf.tensor2d(ref.source, undefined, 'int32');
const tgt = tf.tensor2d(ref.target, undefined, 'int32');
const { value, grads } = tf.variableGrads(() => model.loss(src, tgt), model.trainableVariables);
console.log(`loss ours ${value.dataSync()[0].toFixed(6)}  pytorch ${ref.loss.toFixed(6)}`);
let sq = 0;
model.trainableVariables.forEach((v, i) => {
  const g = grads[v.name].dataSync();
  const r = ref.grads[i].values;
  let num = 0,
    den = 0,
    dot = 0,
    n1 = 0;
  for (let k = 0; k < g.length; k++) {
    num += (g[k] - r[k]) ** 2;
    den += r[k] ** 2;
    dot += g[k] * r[k];
    n1 += g[k] ** 2;
  }
  sq += n1;
  console.log(
    `${specs[i].name.padEnd(34)} |ours| ${Math.sqrt(n1).toExponential(3)}  |torch| ${Math.sqrt(den).toExponential(3)}  rel.err ${(Math.sqrt(num) / Math.max(Math.sqrt(den), 1e-30)).toExponential(2)}  cos ${(dot / Math.sqrt(n1 * den)).toFixed(4)}`,
  );
});
console.log(`global grad norm ours ${Math.sqrt(sq).toFixed(5)}`);
