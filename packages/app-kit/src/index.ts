export type {
  AnyAppCommand,
  AppCli,
  AppCliArgs,
  AppCommand,
  AppContext,
  OpenedRun,
  OptionSpecs,
  OptionsOf,
  OptionValue,
  PositionalSpec,
} from './cli/app-cli.js';
export { createAppCli, defineCommand, EXIT_CODES } from './cli/app-cli.js';
export { withFlagOverrides } from './cli/flag-overrides.js';
export type { CommonOptions, ConfigName, OptionKind, OptionSpec } from './cli/flags.js';
export { COMMON_OPTION_SPECS, CONFIG_NAMES, MAX_LAYER_WIDTH } from './cli/flags.js';
export type { Logger, TextStream } from './cli/logger.js';
export { createLogger } from './cli/logger.js';
export { UsageError } from './cli/usage-error.js';
export type { Progress, ProgressArgs, ProgressInfo } from './progress/progress.js';
export { createProgress, PROGRESS_DEFAULTS } from './progress/progress.js';
export type { Bar, BarChartArgs, HeatmapArgs, LineChartArgs, LineSeries } from './report/charts.js';
export { barChart, CHART_DEFAULTS, heatmap, lineChart } from './report/charts.js';
export { renderChartSvg } from './report/render-chart.js';
export type { ChartSection, PreSection, ReportArgs, ReportSection, TableSection, TextSection, VegaLiteSpec } from './report/sections.js';
export { renderReport, writeReport } from './report/write-report.js';
export type { CheckBundleArgs, RunBundleManifest } from './run/bundle.js';
export { BUNDLE_MANIFEST, checkBundle } from './run/bundle.js';
export type { LatestRunArgs } from './run/latest-run.js';
export { latestRun } from './run/latest-run.js';
export type { CreateRunFolderArgs, MetricRecord, MetricsFile, SaveBundleArgs } from './run/run-folder.js';
export { RunFolder } from './run/run-folder.js';
export { finishedRun } from './testing/finished-run.js';
export { MemoryStream } from './testing/memory-stream.js';
