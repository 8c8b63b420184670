import { type AppCli, type AppCliArgs, createAppCli } from '@rnn/app-kit';
import { APP_NAME, APP_VERSION } from './bundle.js';
import { evaluate } from './commands/evaluate.js';
import { reverse } from './commands/reverse.js';
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
    description: 'String reversal: the 108-parameter feedback encoder-decoder walk-through, and a GRU seq2seq',
    version: APP_VERSION,
    commands: { train, evaluate, reverse, predict: { ...reverse, description: 'same as reverse' } },
    ...io,
  });
}
