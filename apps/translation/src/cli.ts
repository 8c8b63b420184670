import type { Readable } from 'node:stream';
import { type AppCli, type AppCliArgs, createAppCli } from '@rnn/app-kit';
import { APP_NAME, APP_VERSION } from './bundle.js';
import { demo } from './commands/demo.js';
import { evaluate } from './commands/evaluate.js';
import { exportSplit } from './commands/export-split.js';
import { train } from './commands/train.js';
import { translateCommand } from './commands/translate.js';

/** Streams and environment a test can inject. */
export interface TranslationCliIo extends Pick<AppCliArgs, 'stdout' | 'stderr' | 'env' | 'cwd'> {
  /** Where `translate` reads sentences when given none. Default: `process.stdin`. */
  stdin?: () => Readable;
}

/**
 * The app's command line (see the README): `train`, `evaluate`, `translate`, `demo`, `export-split`.
 *
 * @example
 * ```ts
 * const code = await createCli().run(['translate', 'I am cold.']);
 * ```
 */
export function createCli(io: TranslationCliIo = {}): AppCli {
  const { stdin, ...rest } = io;
  const translate = translateCommand(stdin ?? (() => process.stdin));
  return createAppCli({
    name: APP_NAME,
    description: 'English → French translation with a GRU encoder-decoder and attention (Tatoeba pairs)',
    version: APP_VERSION,
    commands: { train, evaluate, translate, demo, 'export-split': exportSplit },
    ...rest,
  });
}
