/**
 * When the terminal progress bar is drawn: `'auto'` = only when stdout is a TTY (and `@rnn/seq2seq/node`
 * is imported: a browser has no terminal, so there `'auto'` draws nothing).
 *
 * @example
 * ```ts
 * fit(model, pairs, { progressBar: false }); // never draw
 * ```
 */
export type ProgressBarMode = 'auto' | boolean;

/** What the trainer reports progress to, once per epoch start, batch and epoch end. */
export interface TrainingProgress {
  /** Start the bar of an epoch with `total` batches, `done` of them already done (resume). */
  startEpoch(epoch: number, total: number, done: number): void;
  /** Update after a batch. */
  update(done: number, step: number, loss: number, tokensPerSecond: number): void;
  /** Finish the current bar. */
  stop(): void;
}

/** Makes the terminal progress bar; `@rnn/seq2seq/node` installs its cli-progress bar. */
export type TrainingProgressFactory = (mode: ProgressBarMode, epochs: number) => TrainingProgress;

const SILENT: TrainingProgress = { startEpoch() {}, update() {}, stop() {} };
let terminalBar: TrainingProgressFactory | null = null;

/** Install the terminal progress bar (idempotent; called by `@rnn/seq2seq/node`). */
export function installTerminalProgress(factory: TrainingProgressFactory): void {
  terminalBar = factory;
}

/**
 * The trainer's progress reporter for `mode`: the terminal bar of `@rnn/seq2seq/node` when installed,
 * otherwise nothing (a browser). `true` without the node entry throws, so a forced bar is never silently lost.
 *
 * @throws ValueError when `mode` is `true` and `@rnn/seq2seq/node` was not imported.
 */
export function createTrainingProgress(mode: ProgressBarMode, epochs: number, onMissing: () => never): TrainingProgress {
  if (terminalBar) return terminalBar(mode, epochs);
  if (mode === true) onMissing();
  return SILENT;
}
