import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { checkKnownOptions, writeDirAtomic, writeJsonAtomic } from '@rnn/core/node';
import type { ReportArgs } from '../report/sections.js';
import { writeReport } from '../report/write-report.js';
import { BUNDLE_MANIFEST, type RunBundleManifest } from './bundle.js';

/**
 * One row of the metric history in `metrics.json`.
 *
 * @example
 * ```ts
 * const r: MetricRecord = { epoch: 1, step: 120, values: { loss: 1.93 } };
 * ```
 */
export interface MetricRecord {
  /** Epoch (1-based), when known. */
  epoch?: number;
  /** Global step, when known. */
  step?: number;
  /** The numbers, e.g. `{ loss: 1.93, tokensPerSec: 12000 }`. */
  values: Record<string, number>;
}

/**
 * The content of `metrics.json`.
 *
 * @example
 * ```ts
 * const m = readJsonFile<MetricsFile>(run.metricsPath, 'metrics'); m.summary.perplexity;
 * ```
 */
export interface MetricsFile {
  /** Final / headline numbers (`perplexity`, `accuracy`, `trainSeconds`…). */
  summary: Record<string, number>;
  /** Every number reported during training, in order. */
  history: MetricRecord[];
}

/**
 * Options of {@link RunFolder.create}.
 *
 * @example
 * ```ts
 * const a: CreateRunFolderArgs = { app: 'demo', outDir: 'runs', config: { units: 8 } };
 * ```
 */
export interface CreateRunFolderArgs {
  /** The app name; the folder is `<outDir>/<app>/<timestamp>/`. */
  app: string;
  /** The `--out` folder. */
  outDir: string;
  /** Written to `config.json`. */
  config: Record<string, unknown>;
  /** The clock, for tests. Default: `new Date()`. */
  now?: () => Date;
  /** Least time between two `metrics.json` writes caused by {@link RunFolder.log}, in ms. Default: 2000. */
  flushIntervalMs?: number;
}

/**
 * Options of {@link RunFolder.saveBundle}.
 *
 * @example
 * ```ts
 * await run.saveBundle(fill, { formatVersion: 1, appVersion: '0.1.0', extra: { vocabSize: 65 } });
 * ```
 */
export interface SaveBundleArgs {
  /** The app's bundle format version (checked by `checkBundle`). */
  formatVersion: number;
  /** The app version. Default: none. */
  appVersion?: string;
  /** Extra manifest fields. Default: none. */
  extra?: Record<string, unknown>;
}

function stamp(d: Date): string {
  return d.toISOString().replace(/:/g, '-').replace('.', '-');
}

/**
 * One training run on disk: `runs/<app>/<timestamp>/` with `config.json`, `metrics.json` (every
 * reported number, written atomically), the model bundle `model/` (with `bundle.json`) and
 * `report.html`. Apps get one from `ctx.startRun(config)` in their `train` command.
 *
 * @example
 * ```ts
 * const run = RunFolder.create({ app: 'demo', outDir: 'runs', config: { units: 8 } });
 * run.log({ loss: 1.2 }, { epoch: 1, step: 10 });
 * run.summary({ accuracy: 0.97 });
 * await run.saveBundle(async (dir) => { await model.save(`file://${dir}`); }, { formatVersion: 1 });
 * await run.writeReport({ title: 'demo', sections: [] });
 * run.close();
 * ```
 */
export class RunFolder {
  /** The run folder (absolute when `outDir` was). */
  readonly dir: string;
  /** The app name. */
  readonly app: string;
  private readonly metrics: MetricsFile = { summary: {}, history: [] };
  private readonly flushIntervalMs: number;
  private readonly now: () => Date;
  private lastFlush = 0;
  private dirty = false;

  private constructor(dir: string, app: string, now: () => Date, flushIntervalMs: number) {
    this.dir = dir;
    this.app = app;
    this.now = now;
    this.flushIntervalMs = flushIntervalMs;
  }

  /** Create a new, empty run folder with `config.json` and an empty `metrics.json`. */
  static create(args: CreateRunFolderArgs): RunFolder {
    checkKnownOptions('RunFolder.create options', args, ['app', 'outDir', 'config', 'now', 'flushIntervalMs']);
    const now = args.now ?? (() => new Date());
    const base = join(args.outDir, args.app, stamp(now()));
    let dir = base;
    for (let i = 1; existsSync(dir); i++) dir = `${base}-${i}`;
    mkdirSync(dir, { recursive: true });
    const run = new RunFolder(dir, args.app, now, args.flushIntervalMs ?? 2000);
    writeJsonAtomic(run.configPath, args.config);
    run.flush();
    return run;
  }

  /** `<dir>/config.json`. */
  get configPath(): string {
    return join(this.dir, 'config.json');
  }
  /** `<dir>/metrics.json`. */
  get metricsPath(): string {
    return join(this.dir, 'metrics.json');
  }
  /** `<dir>/model` — the model bundle folder. */
  get modelDir(): string {
    return join(this.dir, 'model');
  }
  /** `<dir>/report.html`. */
  get reportPath(): string {
    return join(this.dir, 'report.html');
  }
  /** A copy of everything recorded so far. */
  get recorded(): MetricsFile {
    return structuredClone(this.metrics);
  }

  /** Append numbers to the history; `metrics.json` is rewritten at most every `flushIntervalMs` (and on `close`). */
  log(values: Record<string, number>, at: { epoch?: number; step?: number } = {}): void {
    this.metrics.history.push({ ...at, values: { ...values } });
    this.dirty = true;
    if (this.now().getTime() - this.lastFlush >= this.flushIntervalMs) this.flush();
  }

  /** Set headline numbers (merged into `summary`); written immediately. */
  summary(values: Record<string, number>): void {
    Object.assign(this.metrics.summary, values);
    this.flush();
  }

  /** Write `metrics.json` now (atomically). */
  flush(): void {
    writeJsonAtomic(this.metricsPath, this.metrics);
    this.lastFlush = this.now().getTime();
    this.dirty = false;
  }

  /**
   * Save the model bundle atomically: `fill(tmpDir)` writes the app's files, then `bundle.json` is
   * added and the folder is swapped into `<dir>/model`.
   */
  async saveBundle(fill: (dir: string) => Promise<void> | void, args: SaveBundleArgs): Promise<RunBundleManifest> {
    const manifest: RunBundleManifest = {
      ...args.extra,
      app: this.app,
      formatVersion: args.formatVersion,
      createdAt: this.now().toISOString(),
      ...(args.appVersion === undefined ? {} : { appVersion: args.appVersion }),
    };
    await writeDirAtomic(this.modelDir, async (tmp) => {
      await fill(tmp);
      writeJsonAtomic(join(tmp, BUNDLE_MANIFEST), manifest);
    });
    return manifest;
  }

  /** Write `<dir>/report.html` (see `writeReport`). */
  async writeReport(args: ReportArgs): Promise<string> {
    await writeReport(this.reportPath, args);
    return this.reportPath;
  }

  /**
   * True while the run has recorded nothing: no metric, no summary, no model bundle, no report. A command
   * that fails in that state (bad data, before training) leaves no run behind (see {@link RunFolder.discard}).
   */
  get isEmpty(): boolean {
    return this.metrics.history.length === 0 && Object.keys(this.metrics.summary).length === 0 && !existsSync(this.modelDir) && !existsSync(this.reportPath);
  }

  /** Delete the run folder and everything in it (the CLI does this for a run that failed while {@link RunFolder.isEmpty}). */
  discard(): void {
    this.dirty = false;
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Flush pending metrics. Called by the CLI after `train` returns or throws. */
  close(): void {
    if (this.dirty) this.flush();
  }
}
