import { checkInteger, checkKnownOptions } from '@rnn/core';
import cliProgress from 'cli-progress';
import type { TextStream } from '../cli/logger.js';

/**
 * Options of {@link createProgress}.
 *
 * @example
 * ```ts
 * const args: ProgressArgs = { total: 500, label: 'train', intervalMs: 5000 };
 * ```
 */
export interface ProgressArgs {
  /** Number of steps in the whole run (e.g. epochs × batches per epoch). */
  total: number;
  /** Shown in front of every bar or line, e.g. `'train'`. Default: `'progress'`. */
  label?: string;
  /** Where to draw. Default: `process.stdout`. */
  stream?: TextStream;
  /** Draw a live bar (true) or print plain lines (false). Default: `stream.isTTY === true`. */
  tty?: boolean;
  /** In plain mode, the least time between two lines, in ms (the first and last update always print). Default: 10000. */
  intervalMs?: number;
  /** The clock, for tests. Default: `Date.now`. */
  now?: () => number;
}

/**
 * Defaults of {@link ProgressArgs}.
 *
 * @example
 * ```ts
 * PROGRESS_DEFAULTS.intervalMs; // 10000
 * ```
 */
export const PROGRESS_DEFAULTS = { label: 'progress', intervalMs: 10_000 } as const;

/**
 * What a training loop reports with each update. Every field is optional.
 *
 * @example
 * ```ts
 * progress.update(step, { epoch: 2, epochs: 10, loss: 1.93, tokens: step * 64 * 100 });
 * ```
 */
export interface ProgressInfo {
  /** Current epoch (1-based). */
  epoch?: number;
  /** Number of epochs, shown as `epoch 2/10`. */
  epochs?: number;
  /** The latest (or running mean) loss. */
  loss?: number;
  /** Tokens processed since the start; the rate (tokens/s) is computed from it. */
  tokens?: number;
}

/**
 * A progress display. Call {@link Progress.update} after every step and {@link Progress.stop} at the end.
 *
 * @example
 * ```ts
 * const p = createProgress({ total: 100, label: 'train' });
 * p.update(10, { epoch: 1, loss: 2.3, tokens: 6400 });
 * p.stop();
 * ```
 */
export interface Progress {
  /** Set the number of completed steps (out of `total`) and the latest numbers. */
  update(step: number, info?: ProgressInfo): void;
  /** Finish: draws the final state and releases the terminal. Safe to call twice. */
  stop(): void;
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : m > 0 ? `${m}m${String(r).padStart(2, '0')}s` : `${r}s`;
}

function fields(step: number, total: number, info: ProgressInfo, elapsedS: number) {
  const epoch = info.epoch === undefined ? '-' : info.epochs === undefined ? `${info.epoch}` : `${info.epoch}/${info.epochs}`;
  const loss = info.loss === undefined ? '-' : info.loss.toFixed(4);
  const tps = info.tokens === undefined || elapsedS <= 0 ? '-' : Math.round(info.tokens / elapsedS).toLocaleString('en-US');
  const eta = step >= total ? '0s' : step > 0 && elapsedS > 0 ? formatDuration((elapsedS / step) * (total - step)) : '?';
  return { epoch, loss, tps, eta };
}

/**
 * Show training progress: a live cli-progress bar when the stream is a terminal (epoch, step, loss,
 * tokens/s, ETA), and otherwise (CI, pipes, tests) a plain line at most every `intervalMs`, e.g.
 * `train: step 50/200 (25%) | epoch 1/4 | loss 1.9843 | 12,400 tok/s | ETA 1m05s`.
 *
 * @throws ValueError when `total` is not a positive integer or an option is unknown.
 * @example
 * ```ts
 * const progress = createProgress({ total: epochs * batches, label: 'train', stream: process.stdout });
 * for (let s = 1; s <= epochs * batches; s++) progress.update(s, { epoch, epochs, loss, tokens: s * 6400 });
 * progress.stop();
 * ```
 */
export function createProgress(args: ProgressArgs): Progress {
  checkKnownOptions('createProgress options', args, ['total', 'label', 'stream', 'tty', 'intervalMs', 'now']);
  const total = checkInteger('total', args.total);
  const label = args.label ?? PROGRESS_DEFAULTS.label;
  const stream = args.stream ?? process.stdout;
  const tty = args.tty ?? stream.isTTY === true;
  const intervalMs = args.intervalMs ?? PROGRESS_DEFAULTS.intervalMs;
  const now = args.now ?? Date.now;
  const start = now();
  let last: { step: number; info: ProgressInfo } = { step: 0, info: {} };
  let stopped = false;

  if (tty) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label} [{bar}] {percentage}% | step {value}/{total} | epoch {epochText} | loss {lossText} | {tps} tok/s | ETA {etaText}`,
        stream: stream as unknown as NodeJS.WritableStream,
        hideCursor: true,
        clearOnComplete: false,
        barsize: 24,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { epochText: '-', lossText: '-', tps: '-', etaText: '?' });
    return {
      update(step, info = {}) {
        if (stopped) return;
        last = { step, info };
        const f = fields(step, total, info, (now() - start) / 1000);
        bar.update(step, { epochText: f.epoch, lossText: f.loss, tps: f.tps, etaText: f.eta });
      },
      stop() {
        if (stopped) return;
        stopped = true;
        bar.stop();
      },
    };
  }

  let lastPrinted = Number.NEGATIVE_INFINITY;
  let printedStep = -1;
  const print = () => {
    const f = fields(last.step, total, last.info, (now() - start) / 1000);
    const pct = Math.floor((100 * last.step) / total);
    stream.write(`${label}: step ${last.step}/${total} (${pct}%) | epoch ${f.epoch} | loss ${f.loss} | ${f.tps} tok/s | ETA ${f.eta}\n`);
    lastPrinted = now();
    printedStep = last.step;
  };
  return {
    update(step, info = {}) {
      if (stopped) return;
      last = { step, info };
      if (printedStep < 0 || step >= total || now() - lastPrinted >= intervalMs) print();
    },
    stop() {
      if (stopped) return;
      stopped = true;
      if (printedStep !== last.step) print();
    },
  };
}
