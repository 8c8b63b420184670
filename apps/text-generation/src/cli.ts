import { type AppCli, type AppCliArgs, createAppCli } from '@rnn/app-kit';
import { APP_NAME, APP_VERSION } from './bundle.js';
import { evaluate } from './commands/evaluate.js';
import { generate } from './commands/generate.js';
import { train } from './commands/train.js';

/**
 * The app's command line (see the README). `io` injects stdout/stderr/env/cwd for tests.
 *
 * @example
 * ```ts
 * const code = await createCli().run(['train', '--config', 'small']);
 * ```
 */
export function createCli(io: Pick<AppCliArgs, 'stdout' | 'stderr' | 'env' | 'cwd'> = {}): AppCli {
  return createAppCli({
    name: APP_NAME,
    description: 'Character-level GRU language model on the two Lewis Carroll books',
    version: APP_VERSION,
    commands: { train, evaluate, generate },
    ...io,
  });
}
