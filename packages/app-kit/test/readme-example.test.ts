// The README's Usage example, kept compiling and running (with fake streams and a temp cwd).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppCli, defineCommand, lineChart } from '../src/index.js';
import { MemoryStream } from '../src/testing/memory-stream.js';

it('runs the README example: train then evaluate', async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'app-kit-readme-'));
  try {
    const FORMAT = 1;
    const train = defineCommand({
      description: 'train the model',
      options: { units: { kind: 'int', description: 'hidden units', default: 32, min: 1 } },
      async action(opts, ctx) {
        const run = ctx.startRun({ units: opts.units, epochs: opts.epochs ?? 10 });
        const progress = ctx.progress({ total: 100, label: 'train' });
        for (let step = 1; step <= 100; step++) {
          const loss = 1 / step;
          run.log({ loss }, { step });
          progress.update(step, { loss });
        }
        progress.stop();
        run.summary({ accuracy: 0.99 });
        await run.saveBundle(async () => {}, { formatVersion: FORMAT });
        await run.writeReport({
          title: 'demo',
          sections: [
            lineChart({
              title: 'Loss',
              x: 'step',
              y: 'loss',
              series: [{ name: 'train', points: run.recorded.history.map((h) => [h.step!, h.values.loss!] as const) }],
            }),
          ],
        });
      },
    });
    const evaluate = defineCommand({
      description: 'evaluate the latest (or --run) model',
      async action(_opts, ctx) {
        const { bundleDir } = ctx.openRun({ formatVersion: FORMAT });
        ctx.logger.info(bundleDir);
      },
    });
    const stdout = new MemoryStream();
    const cli = createAppCli({
      name: 'demo',
      description: 'A demo app',
      version: '0.1.0',
      commands: { train, evaluate },
      stdout,
      stderr: stdout,
      cwd,
      setupBackend: async () => 'cpu',
    });
    expect(await cli.run(['train', '--epochs', '2'])).toBe(0);
    expect(await cli.run(['evaluate'])).toBe(0);
    const bundleDir = stdout.text.trim().split('\n').at(-1)!;
    expect(bundleDir).toMatch(/runs.demo.[^/\\]+.model$/);
    expect(existsSync(join(bundleDir, '..', 'report.html'))).toBe(true);
    expect(await cli.run(['train', '--config', 'huge'])).toBe(2);
    expect(stdout.text).toContain('error: Expected `--config` to be one of small, full, but got "huge".');
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
});
