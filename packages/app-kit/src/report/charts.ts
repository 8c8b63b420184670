import { checkKnownOptions, describeValue, ShapeError, ValueError } from '@rnn/core';
import type { ChartSection, VegaLiteSpec } from './sections.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

/**
 * One line of a {@link lineChart}: named points `[x, y]`.
 *
 * @example
 * ```ts
 * const s: LineSeries = { name: 'validation', points: [[1, 2.1], [2, 1.7]] };
 * ```
 */
export interface LineSeries {
  /** Legend name, e.g. `'train'` or `'validation'`. */
  name: string;
  /** Points in x order. Non-finite y values are dropped. */
  points: readonly (readonly [number, number])[];
}

/**
 * Options of {@link lineChart}.
 *
 * @example
 * ```ts
 * const a: LineChartArgs = { title: 'Loss', x: 'epoch', y: 'loss', series: [s], logY: true };
 * ```
 */
export interface LineChartArgs {
  title: string;
  /** x-axis title, e.g. `'step'` or `'epoch'`. */
  x: string;
  /** y-axis title, e.g. `'loss'`. */
  y: string;
  series: readonly LineSeries[];
  /** Log-scale y axis. Default: false. */
  logY?: boolean;
  /** Plot width in px. Default: 560. */
  width?: number;
  /** Plot height in px. Default: 260. */
  height?: number;
}

/**
 * Defaults shared by the chart helpers.
 *
 * @example
 * ```ts
 * CHART_DEFAULTS.width; // 560
 * ```
 */
export const CHART_DEFAULTS = { width: 560, height: 260, logY: false } as const;

function checkTitle(title: unknown): void {
  if (typeof title !== 'string' || title === '') {
    throw new ValueError(`Expected chart \`title\` to be a non-empty string, but got ${describeValue(title)}.`);
  }
}

/** The spec fields every sized chart starts with: schema, title, size (with defaults) and data. */
function sizedSpecHead(args: { title: string; width?: number; height?: number }, values: readonly object[]) {
  return {
    $schema: SCHEMA,
    title: args.title,
    width: args.width ?? CHART_DEFAULTS.width,
    height: args.height ?? CHART_DEFAULTS.height,
    data: { values },
  };
}

/**
 * A line chart (training curves: loss per step, a metric per epoch), one line per series.
 *
 * @example
 * ```ts
 * const section = lineChart({ title: 'Training loss', x: 'step', y: 'loss',
 *   series: [{ name: 'train', points: [[1, 2.3], [2, 1.9]] }] });
 * await writeReport('report.html', { title: 'Run', sections: [section] });
 * ```
 */
export function lineChart(args: LineChartArgs): ChartSection {
  checkKnownOptions('lineChart options', args, ['title', 'x', 'y', 'series', 'logY', 'width', 'height']);
  checkTitle(args.title);
  const values = args.series.flatMap((s) => s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y)).map(([x, y]) => ({ x, y, series: s.name })));
  const many = args.series.length > 1;
  // Epoch axes hold whole numbers: no 1.4, 1.8… ticks then.
  const integerX = values.length > 0 && values.every((v) => Number.isInteger(v.x));
  // Vega treats tickMinStep only as a cap on the tick count: over a short range (epochs 1–3) it still
  // places ticks every 0.5, printed "1 2 2 3 3". List the whole numbers explicitly then.
  const xs = values.map((v) => v.x);
  const lo = integerX ? Math.min(...xs) : 0;
  const hi = integerX ? Math.max(...xs) : 0;
  const integerAxis = hi - lo <= 12 ? { values: Array.from({ length: hi - lo + 1 }, (_, i) => lo + i), format: 'd' } : { tickMinStep: 1, format: 'd' };
  const spec: VegaLiteSpec = {
    ...sizedSpecHead(args, values),
    mark: { type: 'line', point: values.length <= 60, strokeWidth: 2 },
    encoding: {
      x: {
        field: 'x',
        type: 'quantitative',
        title: args.x,
        scale: { zero: false },
        ...(integerX ? { axis: integerAxis } : {}),
      },
      y: {
        field: 'y',
        type: 'quantitative',
        title: args.y,
        scale: (args.logY ?? CHART_DEFAULTS.logY) ? { type: 'log' } : { zero: false },
      },
      color: many ? { field: 'series', type: 'nominal', title: null, sort: args.series.map((s) => s.name) } : { value: '#3366cc' },
    },
  };
  return { kind: 'chart', title: args.title, spec };
}

/**
 * One bar of a {@link barChart}.
 *
 * @example
 * ```ts
 * const b: Bar = { label: 'trigram', value: 8.12, group: 'baseline' };
 * ```
 */
export interface Bar {
  label: string;
  value: number;
  /**
   * Colour group (e.g. `'baseline'` vs `'model'`). Bars that share a `label` are drawn side by side, one per
   * group (a grouped bar chart). Default: one colour for all.
   */
  group?: string;
}

/**
 * Options of {@link barChart}.
 *
 * @example
 * ```ts
 * const a: BarChartArgs = { title: 'Accuracy', x: 'model', y: 'accuracy', bars: [b] };
 * ```
 */
export interface BarChartArgs {
  title: string;
  /** Category axis title. */
  x: string;
  /** Value axis title. */
  y: string;
  bars: readonly Bar[];
  /** Print each bar's value above it. Default: true. */
  valueLabels?: boolean;
  /** Colours of the groups, in the order the groups first appear in `bars`. Default: Vega's category colours. */
  colors?: readonly string[];
  width?: number;
  height?: number;
}

/** Throws unless bars that share a label all have distinct groups (else they would be drawn on top of each other). */
function checkSideBySide(bars: readonly Bar[]): void {
  const seen = new Set<string>();
  for (const b of bars) {
    const key = JSON.stringify([b.label, b.group ?? null]);
    if (seen.has(key)) {
      throw new ValueError(
        `Expected bars that share a label to have distinct groups (they are drawn side by side), but got two bars with label ${describeValue(b.label)} and group ${describeValue(b.group)}.`,
      );
    }
    seen.add(key);
  }
}

/**
 * A bar chart, e.g. perplexity of the model beside unigram and trigram baselines. Bars keep the given order;
 * bars that share a label are grouped side by side by their `group` (e.g. per-tag F1 of a model and a baseline).
 * Bars with a non-finite value are left out.
 *
 * @throws ValueError when two bars share both label and group.
 * @example
 * ```ts
 * barChart({ title: 'Held-out perplexity', x: 'model', y: 'perplexity',
 *   bars: [{ label: 'unigram', value: 27.1 }, { label: 'GRU', value: 4.9 }] });
 * barChart({ title: 'F1 per tag', x: 'tag', y: 'F1', bars: [
 *   { label: 'NN', value: 0.77, group: 'baseline' }, { label: 'NN', value: 0.95, group: 'BiGRU' }] });
 * ```
 */
export function barChart(args: BarChartArgs): ChartSection {
  checkKnownOptions('barChart options', args, ['title', 'x', 'y', 'bars', 'valueLabels', 'colors', 'width', 'height']);
  checkTitle(args.title);
  checkSideBySide(args.bars);
  // A non-finite value (e.g. an F1 of 0/0) has no bar.
  const bars = args.bars.filter((b) => Number.isFinite(b.value));
  const values = bars.map((b, i) => ({ label: b.label, value: b.value, group: b.group ?? '', i }));
  const labels = [...new Set(bars.map((b) => b.label))];
  const groups = [...new Set(args.bars.map((b) => b.group ?? ''))];
  const grouped = bars.some((b) => b.group !== undefined);
  // Headroom above the tallest bar so its value label is not clipped by the plot edge.
  const top = Math.max(0, ...bars.map((b) => b.value));
  const yScale = top > 0 ? { domainMax: top * 1.1, nice: true } : {};
  const x = { field: 'label', type: 'nominal', title: args.x, sort: labels, axis: { labelAngle: labels.length > 12 ? -45 : 0 } };
  const offset = labels.length < bars.length ? { xOffset: { field: 'group', type: 'nominal', sort: groups } } : {};
  const color = grouped
    ? { field: 'group', type: 'nominal', title: null, sort: groups, ...(args.colors ? { scale: { domain: groups, range: [...args.colors] } } : {}) }
    : { value: args.colors?.[0] ?? '#3366cc' };
  const layer: Record<string, unknown>[] = [
    { mark: { type: 'bar' }, encoding: { x, ...offset, y: { field: 'value', type: 'quantitative', title: args.y, scale: yScale }, color } },
  ];
  if (args.valueLabels ?? true) {
    layer.push({
      mark: { type: 'text', dy: -6, fontSize: 11 },
      encoding: { x, ...offset, y: { field: 'value', type: 'quantitative' }, text: { field: 'value', type: 'quantitative', format: '.4~g' } },
    });
  }
  const spec: VegaLiteSpec = {
    ...sizedSpecHead(args, values),
    layer,
  };
  return { kind: 'chart', title: args.title, spec };
}

/**
 * Options of {@link heatmap}.
 *
 * @example
 * ```ts
 * const a: HeatmapArgs = { title: 'Attention', x: 'source', y: 'output', xLabels: ['a'], yLabels: ['b'], values: [[1]] };
 * ```
 */
export interface HeatmapArgs {
  title: string;
  /** x-axis title, e.g. `'source token'`. */
  x: string;
  /** y-axis title, e.g. `'output token'`. */
  y: string;
  /** Column labels (may repeat: tokens often do). */
  xLabels: readonly string[];
  /** Row labels (may repeat). */
  yLabels: readonly string[];
  /** `values[row][col]`, shape `[yLabels.length, xLabels.length]`. */
  values: readonly (readonly number[])[];
  /** Colour scheme. Default: `'blues'`. */
  scheme?: 'blues' | 'viridis' | 'greys';
  /** Size of one cell in px. Default: 28. */
  cellSize?: number;
}

/**
 * A heatmap, e.g. attention weights (rows: output tokens, columns: source tokens). Repeated labels
 * stay separate rows/columns.
 *
 * @throws ShapeError when `values` is not `[yLabels.length, xLabels.length]`.
 * @example
 * ```ts
 * heatmap({ title: 'Attention', x: 'source', y: 'output', xLabels: ['je', 'suis'], yLabels: ['I', 'am'],
 *   values: [[0.9, 0.1], [0.2, 0.8]] });
 * ```
 */
export function heatmap(args: HeatmapArgs): ChartSection {
  checkKnownOptions('heatmap options', args, ['title', 'x', 'y', 'xLabels', 'yLabels', 'values', 'scheme', 'cellSize']);
  checkTitle(args.title);
  const rows = args.yLabels.length;
  const cols = args.xLabels.length;
  if (args.values.length !== rows || args.values.some((r) => r.length !== cols)) {
    throw new ShapeError(
      `Expected heatmap \`values\` of shape [${rows}, ${cols}] (yLabels × xLabels), but got rows of lengths ${describeValue(args.values.map((r) => r.length))}.`,
    );
  }
  const cell = args.cellSize ?? 28;
  const values = args.values.flatMap((r, yi) => r.map((v, xi) => ({ xi, yi, v })));
  // Index fields keep repeated tokens apart; labelExpr maps the index back to the label.
  const labelExpr = (labels: readonly string[]) => `${JSON.stringify(labels)}[datum.value]`;
  const spec: VegaLiteSpec = {
    $schema: SCHEMA,
    title: args.title,
    width: Math.max(cols * cell, 60),
    height: Math.max(rows * cell, 60),
    data: { values },
    layer: [
      {
        mark: { type: 'rect' },
        encoding: {
          x: { field: 'xi', type: 'ordinal', title: args.x, axis: { labelExpr: labelExpr(args.xLabels), labelAngle: -45 } },
          y: { field: 'yi', type: 'ordinal', title: args.y, axis: { labelExpr: labelExpr(args.yLabels) } },
          color: { field: 'v', type: 'quantitative', title: null, scale: { scheme: args.scheme ?? 'blues' } },
        },
      },
    ],
  };
  return { kind: 'chart', title: args.title, spec };
}
