// Writes a demo report.html with every section kind, to look at the layout:
//   node scripts/demo-report.mjs /tmp/demo-report.html   (after `npx turbo run build --filter=@rnn/app-kit`)
import { barChart, heatmap, lineChart, writeReport } from '../dist/index.js';

const out = process.argv[2] ?? 'demo-report.html';
const steps = Array.from({ length: 200 }, (_, i) => [i + 1, 3.2 * Math.exp(-i / 40) + 1.35 + 0.08 * Math.sin(i * 1.7)]);
await writeReport(out, {
  title: 'text-generation — small config',
  subtitle: 'runs/text-generation/2026-11-23T10-30-00-000Z · seed 42 · wasm',
  sections: [
    lineChart({ title: 'Training loss per step', x: 'step', y: 'cross-entropy (nats)', series: [{ name: 'train', points: steps }] }),
    lineChart({
      title: 'Perplexity per epoch',
      x: 'epoch',
      y: 'perplexity',
      series: [
        {
          name: 'train',
          points: [
            [1, 9.1],
            [2, 6.2],
            [3, 5.1],
            [4, 4.6],
            [5, 4.3],
          ],
        },
        {
          name: 'held-out',
          points: [
            [1, 9.4],
            [2, 6.8],
            [3, 5.8],
            [4, 5.5],
            [5, 5.4],
          ],
        },
      ],
    }),
    barChart({
      title: 'Held-out perplexity vs baselines',
      x: 'model',
      y: 'perplexity',
      bars: [
        { label: 'unigram', value: 27.31, group: 'baseline' },
        { label: 'trigram', value: 8.12, group: 'baseline' },
        { label: 'GRU', value: 5.41, group: 'model' },
      ],
    }),
    heatmap({
      title: 'Attention weights',
      x: 'source token',
      y: 'output token',
      xLabels: ['le', 'chat', 'est', 'sur', 'le', 'tapis', '<eos>'],
      yLabels: ['the', 'cat', 'is', 'on', 'the', 'mat', '<eos>'],
      values: Array.from({ length: 7 }, (_, r) => Array.from({ length: 7 }, (_, c) => (r === c ? 0.7 : 0.3 / 6))),
    }),
    {
      kind: 'table',
      title: 'Metrics',
      columns: ['metric', 'value'],
      rows: [
        ['held-out perplexity', 5.41234],
        ['trigram perplexity', 8.12],
        ['training time (s)', 312],
      ],
    },
    { kind: 'text', title: 'Notes', text: 'The small config beats the trigram baseline.\n\nFull config: see README.' },
    {
      kind: 'pre',
      title: 'Sample (T = 0.5)',
      text: 'Alice was beginning to get very tired of sitting by her sister on the bank,\nand of having nothing to do.',
    },
  ],
});
console.log(`wrote ${out}`);
