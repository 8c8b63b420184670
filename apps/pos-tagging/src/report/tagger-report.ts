import { barChart, heatmap, lineChart, type ReportSection } from '@rnn/app-kit';
import type { TaggerEvaluation } from '../eval/evaluate-tagger.js';

/**
 * Curves recorded while training.
 *
 * @example
 * ```ts
 * const curves: TrainingCurves = { stepLoss: [[1, 3.9]], epochLoss: [[1, 1.6]], valAccuracy: [[1, 0.93]] };
 * ```
 */
export interface TrainingCurves {
  /** `[step, loss]` per batch. */
  stepLoss: [number, number][];
  /** `[epoch, mean train loss]`. */
  epochLoss: [number, number][];
  /** `[epoch, validation masked accuracy]`. */
  valAccuracy: [number, number][];
}

const pct = (x: number): string => (Number.isFinite(x) ? `${(100 * x).toFixed(2)}%` : 'n/a');
/** Baseline orange, BiGRU blue (as in the line charts). */
const SERIES_COLORS = ['#f58518', '#4c78a8'];
const round = (x: number): number => Math.round(x * 10000) / 10000;

/**
 * The report of a trained tagger: the key figure (test accuracy of tagger vs baseline: all tokens,
 * without -NONE-, OOV words), training curves, per-tag F1 (tagger and baseline), a confusion heatmap of
 * the most frequent tags, the metric tables and sample test sentences with the errors marked.
 *
 * @example
 * ```ts
 * await run.writeReport({ title: 'pos-tagging', sections: taggerReportSections(ev, curves, summary) });
 * ```
 */
export function taggerReportSections(ev: TaggerEvaluation, curves: TrainingCurves | null, summary: Record<string, number>): ReportSection[] {
  const m = ev.model;
  const b = ev.baseline;
  const sections: ReportSection[] = [
    barChart({
      title: 'Test accuracy: BiGRU tagger vs most-frequent-tag baseline',
      x: 'tokens scored',
      y: 'accuracy',
      width: 480,
      colors: SERIES_COLORS,
      bars: [
        { label: `all (${m.tokens})`, group: 'baseline', value: b.accuracy },
        { label: `all (${m.tokens})`, group: 'BiGRU', value: ev.maskedAccuracy },
        { label: `without -NONE- (${m.tokensWithoutNone})`, group: 'baseline', value: b.accuracyWithoutNone },
        { label: `without -NONE- (${m.tokensWithoutNone})`, group: 'BiGRU', value: m.accuracyWithoutNone },
        { label: `OOV words (${m.oovTokens})`, group: 'baseline', value: b.oovAccuracy },
        { label: `OOV words (${m.oovTokens})`, group: 'BiGRU', value: m.oovAccuracy },
      ],
    }),
    {
      kind: 'text',
      title: 'How it is scored',
      text:
        `Masked accuracy counts every real token of the ${m.tokens} test tokens and no padding position (padding is masked by the LABEL, @rnn/metrics). ` +
        `"No -NONE-" leaves out the ${m.tokens - m.tokensWithoutNone} trace / empty-element tokens (*T*-1, 0, *-2…), which are easy and inflate the score. ` +
        `OOV words (${m.oovTokens} tokens) are words not in the training vocabulary: the tagger is fed them as one <unk> token, or with the shape OOV mode (see config.json "oov") as the token of their spelling class (<unk-num>, <unk-cap>, <unk-ing>…); the baseline gives them the most frequent training tag. ` +
        'The baseline gives every known word its most frequent training tag.',
    },
  ];
  if (curves) {
    sections.push(
      lineChart({
        title: 'Training loss per batch',
        x: 'step',
        y: 'masked cross-entropy (nats/token)',
        series: [{ name: 'train', points: curves.stepLoss }],
        logY: true,
      }),
      lineChart({
        title: 'Validation masked accuracy per epoch',
        x: 'epoch',
        y: 'accuracy',
        series: [
          { name: 'BiGRU (validation)', points: curves.valAccuracy },
          ...(summary.valBaselineAccuracy === undefined
            ? []
            : [{ name: 'baseline (validation)', points: curves.valAccuracy.map(([e]) => [e, summary.valBaselineAccuracy as number] as [number, number]) }]),
        ],
      }),
    );
  }
  const top = m.perTag.filter((t) => t.support > 0).slice(0, 30);
  const baseF1 = new Map(b.perTag.map((t) => [t.tag, t.f1]));
  sections.push(
    barChart({
      title: `Per-tag F1 on the test set (the ${top.length} most frequent tags, by support)`,
      x: 'tag',
      y: 'F1',
      valueLabels: false,
      width: 780,
      colors: SERIES_COLORS,
      bars: top.flatMap((t) => [
        { label: t.tag, group: 'baseline', value: baseF1.get(t.tag) ?? 0 },
        { label: t.tag, group: 'BiGRU', value: t.f1 },
      ]),
    }),
  );
  const k = Math.min(15, m.tagOrder.length);
  const tags = m.tagOrder.slice(0, k);
  const rowSums = m.confusion.slice(0, k).map((r) => r.reduce((a, v) => a + v, 0));
  sections.push(
    heatmap({
      title: `Confusion of the ${k} most frequent tags (row-normalised, diagonal removed: where the errors go)`,
      x: 'predicted tag',
      y: 'gold tag',
      xLabels: tags,
      yLabels: tags,
      values: tags.map((_, i) => tags.map((__, j) => (i === j ? 0 : round(((m.confusion[i] as number[])[j] as number) / Math.max(rowSums[i] as number, 1))))),
    }),
    {
      kind: 'table',
      title: 'Test metrics',
      columns: ['metric', 'BiGRU tagger', 'baseline'],
      rows: [
        ['masked accuracy (all real tokens)', pct(ev.maskedAccuracy), pct(b.accuracy)],
        ['accuracy without -NONE-', pct(m.accuracyWithoutNone), pct(b.accuracyWithoutNone)],
        [`OOV-word accuracy (${m.oovTokens} tokens)`, pct(m.oovAccuracy), pct(b.oovAccuracy)],
        ['in-vocabulary accuracy', pct(m.knownAccuracy), pct(b.knownAccuracy)],
        ['sentences fully right', pct(m.sentenceAccuracy), pct(b.sentenceAccuracy)],
        ['macro F1 over tags', m.macroF1.toFixed(4), b.macroF1.toFixed(4)],
      ],
    },
    {
      kind: 'table',
      title: 'Per-tag scores on the test set',
      columns: ['tag', 'support', 'precision', 'recall', 'F1', 'baseline F1'],
      rows: m.perTag.map((t) => [t.tag, t.support, t.precision.toFixed(3), t.recall.toFixed(3), t.f1.toFixed(3), (baseF1.get(t.tag) ?? 0).toFixed(3)]),
    },
    {
      kind: 'table',
      title: 'Run summary',
      columns: ['key', 'value'],
      rows: Object.entries(summary)
        .filter(([key]) => !key.startsWith('f1_'))
        .map(([key, v]) => [key, Number.isInteger(v) ? v : round(v)]),
    },
    { kind: 'pre', title: 'Test sentences (errors as word/PREDICTED[gold])', text: samples(ev, 8) },
  );
  return sections;
}

/** The first `n` test sentences with at least one error, then error-free ones, as word/TAG. */
function samples(ev: TaggerEvaluation, n: number): string {
  const withErr = ev.predictions.filter((p) => p.gold.some((g, i) => g !== p.predicted[i]));
  const picked = [...withErr.slice(0, n - 2), ...ev.predictions.filter((p) => !withErr.includes(p)).slice(0, 2)];
  return picked
    .map((p) => p.words.map((w, i) => (p.gold[i] === p.predicted[i] ? `${w}/${p.gold[i]}` : `${w}/${p.predicted[i]}[${p.gold[i]}]`)).join(' '))
    .join('\n\n');
}
