/**
 * A writable text stream: `process.stdout`, or a fake in tests. `isTTY` decides fancy vs plain progress.
 *
 * @example
 * ```ts
 * const fake: TextStream = { text: '', write(s: string) { this.text += s; } } as TextStream & { text: string };
 * ```
 */
export interface TextStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/**
 * Where an app prints. `info` goes to stdout, `warn` and `error` to stderr; every line ends with a newline.
 *
 * @example
 * ```ts
 * ctx.logger.info('epoch 1: loss 2.31');
 * ```
 */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/**
 * Make a {@link Logger} over two streams.
 *
 * @example
 * ```ts
 * const logger = createLogger(process.stdout, process.stderr);
 * logger.info('hello'); // prints "hello\n"
 * ```
 */
export function createLogger(stdout: TextStream, stderr: TextStream): Logger {
  return {
    info: (m) => void stdout.write(`${m}\n`),
    warn: (m) => void stderr.write(`warning: ${m}\n`),
    error: (m) => void stderr.write(`error: ${m}\n`),
  };
}
