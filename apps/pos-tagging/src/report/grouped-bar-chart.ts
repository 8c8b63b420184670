import type { ChartSection } from '@rnn/app-kit';

/**
 * One bar of a {@link groupedBarChart}.
 *
 * @example
 * ```ts
 * const bar: GroupedBar = { category: 'NN', series: 'BiGRU', value: 0.94 };
 * ```
 */
export interface GroupedBar {
  /** The x category (e.g. a tag). */
  category: string;
  /** The series within the category (e.g. `'BiGRU'`, `'baseline'`), drawn side by side. */
  series: string;
  value: number;
}

/**
 * Options of {@link groupedBarChart}.
 *
 * @example
 * ```ts
 * groupedBarChart({ title: 'F1', x: 'tag', y: 'F1', bars, seriesOrder: ['baseline', 'BiGRU'] } satisfies GroupedBarChartArgs);
 * ```
 */
export interface GroupedBarChartArgs {
  title: string;
  x: string;
  y: string;
  bars: readonly GroupedBar[];
  /** Series order (legend and bar order). Default: order of first appearance. */
  seriesOrder?: readonly string[];
  /** Print each bar's value above it. Default: true. */
  valueLabels?: boolean;
  /** Plot width in px (the report column holds about 950 px with the legend). Default: 560. */
  width?: number;
  /** Colours of the series, in `seriesOrder`. Default: Vega's category colours. */
  colors?: readonly string[];
  height?: number;
}

/**
 * Side-by-side bars per category (Vega-Lite `xOffset`), which the app kit's `barChart` does not draw:
 * its `group` only colours bars, so two bars with the same label would overlap. Rendered by the kit's
 * `writeReport` like any chart section.
 *
 * @example
 * ```ts
 * groupedBarChart({ title: 'F1', x: 'tag', y: 'F1', bars: [{ category: 'NN', series: 'BiGRU', value: 0.92 }, { category: 'NN', series: 'baseline', value: 0.77 }] });
 * ```
 */
export function groupedBarChart(args: GroupedBarChartArgs): ChartSection {
  const bars = args.bars.filter((b) => Number.isFinite(b.value));
  const categories = [...new Set(bars.map((b) => b.category))];
  const series = args.seriesOrder ?? [...new Set(bars.map((b) => b.series))];
  const x = { field: 'category', type: 'nominal', title: args.x, sort: categories, axis: { labelAngle: categories.length > 12 ? -45 : 0 } };
  const xOffset = { field: 'series', type: 'nominal', sort: series };
  const y = { field: 'value', type: 'quantitative', title: args.y, scale: { domain: [0, 1.08] } };
  const layers: Record<string, unknown>[] = [
    { mark: { type: 'bar' }, encoding: { x, xOffset, y, color: { field: 'series', type: 'nominal', title: null, sort: series, ...(args.colors ? { scale: { domain: series, range: args.colors } } : {}) } } },
  ];
  if (args.valueLabels ?? true) {
    layers.push({ mark: { type: 'text', dy: -6, fontSize: 10 }, encoding: { x, xOffset, y, text: { field: 'value', type: 'quantitative', format: '.3f' } } });
  }
  return {
    kind: 'chart',
    title: args.title,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
      title: args.title,
      width: args.width ?? 560,
      height: args.height ?? 260,
      data: { values: bars },
      layer: layers,
    },
  };
}
