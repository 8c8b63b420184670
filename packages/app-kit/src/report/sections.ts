/**
 * A Vega-Lite specification (kept loose: the helpers build them, `renderChartSvg` compiles them).
 *
 * @example
 * ```ts
 * const spec: VegaLiteSpec = { mark: 'point', data: { values: [{ a: 1 }] }, encoding: { x: { field: 'a', type: 'quantitative' } } };
 * ```
 */
export type VegaLiteSpec = Record<string, unknown>;

/**
 * A chart section: a Vega-Lite spec rendered to inline SVG. Build with `lineChart`, `barChart` or `heatmap`.
 *
 * @example
 * ```ts
 * const custom: ChartSection = { kind: 'chart', title: 'Scatter', spec };
 * ```
 */
export interface ChartSection {
  kind: 'chart';
  title: string;
  spec: VegaLiteSpec;
}

/**
 * A table section. Numbers are right-aligned and shown with up to 6 significant digits.
 *
 * @example
 * ```ts
 * const t: TableSection = { kind: 'table', title: 'Metrics', columns: ['metric', 'value'], rows: [['perplexity', 5.41]] };
 * ```
 */
export interface TableSection {
  kind: 'table';
  title: string;
  columns: readonly string[];
  rows: readonly (readonly (string | number)[])[];
}

/**
 * A paragraph of prose (HTML-escaped; blank lines start new paragraphs).
 *
 * @example
 * ```ts
 * const t: TextSection = { kind: 'text', title: 'Notes', text: 'Beats the trigram baseline.' };
 * ```
 */
export interface TextSection {
  kind: 'text';
  title?: string;
  text: string;
}

/**
 * Preformatted text, e.g. generated samples or an `--explain` trace (HTML-escaped, monospace).
 *
 * @example
 * ```ts
 * const p: PreSection = { kind: 'pre', title: 'Sample (T = 0.5)', text: sample };
 * ```
 */
export interface PreSection {
  kind: 'pre';
  title?: string;
  text: string;
}

/**
 * One block of a report.
 *
 * @example
 * ```ts
 * const sections: ReportSection[] = [lineChart({ title: 'Loss', x: 'step', y: 'loss', series }), { kind: 'pre', text: sample }];
 * ```
 */
export type ReportSection = ChartSection | TableSection | TextSection | PreSection;

/**
 * What `writeReport` renders.
 *
 * @example
 * ```ts
 * const report: ReportArgs = { title: 'text-generation', subtitle: 'small, seed 42', sections };
 * ```
 */
export interface ReportArgs {
  /** The page title and top heading. */
  title: string;
  /** A line under the title (app, run folder, date…). Default: none. */
  subtitle?: string;
  /** The blocks, in order. */
  sections: readonly ReportSection[];
}
