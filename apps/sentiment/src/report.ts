import { lineChart, type ReportArgs, type ReportSection, type VegaLiteSpec } from '@rnn/app-kit';
import { SENTIMENT_SOURCES } from '@rnn/data/node';
import type { SentimentConfig } from './config.js';
import { LAYER_IMPL } from './model.js';
import { formatScores, type SentimentScores } from './scores.js';
import { mean, pct, std } from './stats.js';
import type { EpochRecord } from './train-loop.js';

/** Everything one seed of `train` produced. */
export interface SeedResult {
  seed: number;
  history: EpochRecord[];
  bestEpoch: number;
  /** Wall-clock seconds of training (validation included). */
  seconds: number;
  /** Process CPU seconds (user + system) of training. */
  cpuSeconds: number;
  /** Scores on the validation split; null when it was trained on (refit). */
  val: SentimentScores | null;
  test: SentimentScores;
  sizes: { train: number; val: number; test: number };
  duplicatesRemoved: number;
  vocabSize: number;
}

/** Options of {@link buildReport}. */
export interface BuildReportArgs {
  cfg: SentimentConfig;
  configName: string;
  results: readonly SeedResult[];
  /** The seed whose model was saved (best validation accuracy). */
  kept: SeedResult;
  /** The accuracy the issue asks for, drawn as a dashed line. */
  target: number;
}

const MODEL = 'BiLSTM';
const BASELINE = 'majority class';
const COLORS = { domain: [MODEL, BASELINE], range: ['#3366cc', '#bbbbbb'] };

/** Grouped bars (model vs baseline) with a ± std error bar on the model's bars, and an optional target rule. */
function groupedBars(title: string, x: string, rows: { group: string; kind: string; value: number; std: number }[], target?: number): VegaLiteSpec {
  const order = [...new Set(rows.map((r) => r.group))];
  const xEnc = { field: 'group', type: 'nominal', title: x, sort: order, axis: { labelAngle: 0 } };
  const layers: VegaLiteSpec[] = [
    {
      mark: { type: 'bar' },
      encoding: {
        x: xEnc,
        xOffset: { field: 'kind', sort: COLORS.domain },
        y: { field: 'value', type: 'quantitative', title: 'test accuracy', scale: { domain: [0, 1] } },
        color: { field: 'kind', type: 'nominal', title: null, scale: COLORS },
      },
    },
    {
      transform: [{ filter: 'datum.std > 0' }, { calculate: 'datum.value - datum.std', as: 'lo' }, { calculate: 'datum.value + datum.std', as: 'hi' }],
      mark: { type: 'rule', color: 'black' },
      encoding: { x: xEnc, xOffset: { field: 'kind', sort: COLORS.domain }, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } },
    },
    {
      mark: { type: 'text', dy: -8, fontSize: 10 },
      encoding: {
        x: xEnc,
        xOffset: { field: 'kind', sort: COLORS.domain },
        y: { field: 'top', type: 'quantitative' },
        text: { field: 'value', type: 'quantitative', format: '.3f' },
      },
      transform: [{ calculate: 'datum.value + datum.std', as: 'top' }],
    },
  ];
  if (target !== undefined) {
    layers.push({
      data: { values: [{ target, label: `target ${target.toFixed(2)}` }] },
      layer: [
        { mark: { type: 'rule', strokeDash: [6, 4], color: '#cc3333' }, encoding: { y: { field: 'target', type: 'quantitative' } } },
        {
          mark: { type: 'text', align: 'left', dx: 6, baseline: 'middle', color: '#cc3333', fontSize: 10 },
          encoding: { y: { field: 'target', type: 'quantitative' }, x: { value: 560 }, text: { field: 'label' } },
        },
      ],
    });
  }
  return { $schema: 'https://vega.github.io/schema/vega-lite/v5.json', title, width: 560, height: 280, data: { values: rows }, layer: layers };
}

/** One sentence on which weights each seed kept. */
function keptText(cfg: SentimentConfig): string {
  const avg = cfg.emaMomentum > 0 ? ` (an exponential moving average of the weights, momentum ${cfg.emaMomentum}, Keras use_ema)` : '';
  if (cfg.protocol === 'refit')
    return `Refit: each seed trains on its training + validation sentences (tokenizer included) for ${cfg.epochs} epochs, chosen by cross-validation, and keeps the last epoch${avg}.`;
  const rule = cfg.checkpoint === 'valLoss' ? 'lowest validation loss' : cfg.checkpoint === 'valAccuracy' ? 'best validation accuracy' : 'last';
  return cfg.checkpoint === 'last' ? `Each seed keeps its last epoch${avg}.` : `Each seed keeps the epoch with the ${rule}${avg}.`;
}

/**
 * The report.html of a `train` run: the key figure (test accuracy per seed and mean ± std against the
 * majority-class baseline and the target), per-source accuracy, training curves per seed, the confusion
 * matrix of the saved model, and a per-seed table.
 *
 * @example
 * ```ts
 * await run.writeReport(buildReport({ cfg, configName: 'small', results, kept, target: 0.8 }));
 * ```
 */
export function buildReport(args: BuildReportArgs): ReportArgs {
  const { cfg, configName, results, kept, target } = args;
  const accs = results.map((r) => r.test.accuracy);
  const bases = results.map((r) => r.test.majorityBaseline);
  const multi = results.length > 1;
  const perSeed = results.flatMap((r) => [
    { group: `seed ${r.seed}`, kind: MODEL, value: r.test.accuracy, std: 0 },
    { group: `seed ${r.seed}`, kind: BASELINE, value: r.test.majorityBaseline, std: 0 },
  ]);
  const meanRows = multi
    ? [
        { group: `mean ± std (${results.length} seeds)`, kind: MODEL, value: mean(accs), std: std(accs) },
        { group: `mean ± std (${results.length} seeds)`, kind: BASELINE, value: mean(bases), std: std(bases) },
      ]
    : [];
  const sourceRows = [...SENTIMENT_SOURCES, 'all' as const].flatMap((s) => {
    const acc = results.map((r) => (s === 'all' ? r.test.accuracy : r.test.perSource[s].accuracy));
    const base = results.map((r) => (s === 'all' ? r.test.majorityBaseline : r.test.perSource[s].majorityBaseline));
    return [
      { group: s, kind: MODEL, value: mean(acc), std: std(acc) },
      { group: s, kind: BASELINE, value: mean(base), std: std(base) },
    ];
  });
  const series = (pick: (e: EpochRecord) => number | null, label: string) =>
    results
      .map((r) => ({
        name: multi ? `${label} s${r.seed}` : label,
        points: r.history.flatMap((e) => {
          const v = pick(e);
          return v === null ? [] : [[e.epoch, v] as const];
        }),
      }))
      .filter((s) => s.points.length > 0);
  const [[tn, fp], [fn, tp]] = kept.test.confusion as [[number, number], [number, number]];
  const cfgText = Object.entries(cfg)
    .map(([k, v]) => `${k} ${Array.isArray(v) ? v.join('/') : v}`)
    .join(', ');
  const sections: ReportSection[] = [
    {
      kind: 'text',
      text:
        `Test accuracy ${pct(mean(accs))} ± ${pct(std(accs))} (mean ± sample std over ${results.length} seed${multi ? 's' : ''}; min ${pct(Math.min(...accs))}, max ${pct(Math.max(...accs))}) ` +
        `against ${pct(mean(bases))} for always answering the training set's majority class. ` +
        `${kept.duplicatesRemoved} duplicate sentences (same words after the tokenizer's lower-casing and punctuation filter) were removed before the seeded 70/10/20 split (train ${kept.sizes.train} / validation ${kept.sizes.val} / test ${kept.sizes.test} sentences), ` +
        `so no test sentence is also a training sentence; the tokenizer saw only the sentences the model trained on (never test). ` +
        `Each seed draws its own split and batch order; initial weights and dropout masks come from tfjs' unseeded generator. ` +
        `${keptText(cfg)} ` +
        (cfg.protocol === 'refit'
          ? `There is no validation score; the saved model is the first seed's (seed ${kept.seed}). `
          : `The saved model is the seed with the best validation accuracy (seed ${kept.seed}). `) +
        `Recurrent layers: ${LAYER_IMPL}. Config "${configName}": ${cfgText}.`,
    },
    {
      kind: 'chart',
      title: 'Test accuracy vs baseline',
      spec: groupedBars('Test accuracy: BiLSTM vs majority-class baseline', 'seed', [...perSeed, ...meanRows], target),
    },
    {
      kind: 'chart',
      title: 'Per source',
      spec: groupedBars(`Test accuracy per source (mean${multi ? ' ± std' : ''} over ${results.length} seed${multi ? 's' : ''})`, 'source', sourceRows),
    },
    lineChart({
      title: 'Loss per epoch',
      x: 'epoch',
      y: 'binary cross-entropy',
      series: [...series((e) => e.loss, 'train'), ...series((e) => e.valLoss, 'val')],
    }),
    lineChart({
      title: 'Accuracy per epoch',
      x: 'epoch',
      y: 'accuracy',
      series: [...series((e) => e.accuracy, 'train'), ...series((e) => e.valAccuracy, 'val')],
    }),
    {
      kind: 'table',
      title: `Confusion matrix (test set, seed ${kept.seed}, the saved model)`,
      columns: ['', 'predicted negative', 'predicted positive'],
      rows: [
        ['true negative', tn, fp],
        ['true positive', fn, tp],
      ],
    },
    {
      kind: 'table',
      title: 'Per seed (test set unless noted)',
      columns: ['seed', 'best epoch', 'val acc', 'test acc', 'precision', 'recall', 'F1', 'baseline', 'amazon', 'imdb', 'yelp', 'train s'],
      rows: results.map((r) => [
        r.seed,
        r.bestEpoch,
        r.val === null ? '—' : r.val.accuracy.toFixed(3),
        r.test.accuracy.toFixed(3),
        r.test.precision.toFixed(3),
        r.test.recall.toFixed(3),
        r.test.f1.toFixed(3),
        r.test.majorityBaseline.toFixed(3),
        r.test.perSource.amazon.accuracy.toFixed(3),
        r.test.perSource.imdb.accuracy.toFixed(3),
        r.test.perSource.yelp.accuracy.toFixed(3),
        r.seconds.toFixed(0),
      ]),
    },
    { kind: 'pre', text: formatScores(`test set, seed ${kept.seed} (the saved model)`, kept.test).join('\n') },
  ];
  return { title: 'Sentiment (UCI sentences): Bidirectional LSTM', subtitle: `${results.length} seed${multi ? 's' : ''}, config ${configName}`, sections };
}
