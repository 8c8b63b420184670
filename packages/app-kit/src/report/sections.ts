/** A Vega-Lite specification (kept loose: the helpers build them, {@link renderChartSvg} compiles them). */
export type VegaLiteSpec = Record<string, unknown>;

/** A chart section: a Vega-Lite spec rendered to inline SVG. Build with `lineChart`, `barChart` or `heatmap`. */
export interface ChartSection {
  kind: 'chart';
  title: string;
  spec: VegaLiteSpec;
}

/** A table section. Numbers are shown with up to 4 significant decimals. */
export interface TableSection {
  kind: 'table';
  title: string;
  columns: readonly string[];
  rows: readonly (readonly (string | number)[])[];
}

/** A paragraph of prose (HTML-escaped; blank lines start new paragraphs). */
export interface TextSection {
  kind: 'text';
  title?: string;
  text: string;
}

/** Preformatted text, e.g. generated samples or an `--explain` trace (HTML-escaped, monospace). */
export interface PreSection {
  kind: 'pre';
  title?: string;
  text: string;
}

/** One block of a report. */
export type ReportSection = ChartSection | TableSection | TextSection | PreSection;

/** What {@link writeReport} renders. */
export interface ReportArgs {
  /** The page title and top heading. */
  title: string;
  /** A line under the title (app, run folder, date…). Default: none. */
  subtitle?: string;
  /** The blocks, in order. */
  sections: readonly ReportSection[];
}
