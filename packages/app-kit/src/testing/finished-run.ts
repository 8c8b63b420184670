import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MemoryStream } from './memory-stream.js';

/**
 * What a test needs after running an app's `train` through `createAppCli` with {@link MemoryStream}s: the run
 * folder the command printed (`run folder: <dir>`) and the `summary` of its `metrics.json`.
 *
 * @throws Error with the command's whole output when it exited non-zero or printed no run folder.
 * @example
 * ```ts
 * const code = await cli.run(['train', '--epochs', '1']);
 * const { runDir, summary } = finishedRun(code, out, err);
 * summary.testAccuracy; // a number
 * ```
 */
export function finishedRun(code: number, out: MemoryStream, err: MemoryStream): { runDir: string; summary: Record<string, number> } {
  const dir = /run folder: (\S+)/.exec(out.text)?.[1];
  if (code !== 0 || dir === undefined) throw new Error(`train exited ${code}:\n${out.text}\n${err.text}`);
  const metrics = JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8')) as { summary: Record<string, number> };
  return { runDir: dir, summary: metrics.summary };
}
