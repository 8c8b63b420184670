import cliProgress from 'cli-progress';
import type { ProgressBarMode, TrainingProgress } from '../training/training-progress.js';

/**
 * The trainer's terminal progress bar (cli-progress): epoch, step, loss, tokens/s and ETA. Off when
 * stdout is not a TTY (CI logs, pipes) unless forced on.
 */
export class TrainingProgressBar implements TrainingProgress {
  private bar: cliProgress.SingleBar | null = null;
  private readonly enabled: boolean;

  constructor(
    mode: ProgressBarMode,
    private readonly epochs: number,
    stream: NodeJS.WriteStream = process.stdout,
  ) {
    this.enabled = mode === 'auto' ? stream.isTTY === true : mode;
  }

  /** Whether the bar is drawn. */
  get isEnabled(): boolean {
    return this.enabled;
  }

  /** Start the bar of an epoch with `total` batches, `done` of them already done (resume). */
  startEpoch(epoch: number, total: number, done: number): void {
    if (!this.enabled) return;
    this.stop();
    this.bar = new cliProgress.SingleBar(
      {
        format: `epoch ${epoch + 1}/${this.epochs} |{bar}| {value}/{total} step {step} loss {loss} {tps} tok/s ETA {eta_formatted}`,
        hideCursor: true,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    this.bar.start(total, done, { step: 0, loss: '-', tps: '-' });
  }

  /** Update after a batch. */
  update(done: number, step: number, loss: number, tokensPerSecond: number): void {
    this.bar?.update(done, { step, loss: loss.toFixed(4), tps: Math.round(tokensPerSecond) });
  }

  /** Finish the current bar. */
  stop(): void {
    this.bar?.stop();
    this.bar = null;
  }
}
