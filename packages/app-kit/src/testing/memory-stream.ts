import type { TextStream } from '../cli/logger.js';

/**
 * A {@link TextStream} that keeps what was written in `text` (not a TTY, so progress prints plain
 * lines): pass it as `stdout`/`stderr` to `createAppCli` to assert on a CLI's output in tests.
 *
 * @example
 * ```ts
 * const out = new MemoryStream();
 * const code = await createCli({ stdout: out, stderr: out }).run(['--help']);
 * expect(out.text).toMatch(/train/);
 * ```
 */
export class MemoryStream implements TextStream {
  /** Everything written so far. */
  text = '';
  /** Always false: progress is printed as plain lines. */
  isTTY = false;
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}
