import { type AppCli, type AppCliArgs, createAppCli } from '@rnn/app-kit';
import { APP_NAME, APP_VERSION } from './bundle.js';
import { evaluate } from './commands/evaluate.js';
import { tag } from './commands/tag.js';
import { train } from './commands/train.js';

/**
 * The app's command line (see the README). `io` injects stdout/stderr/env/cwd for tests.
 *
 * @example
 * ```ts
 * const code = await createCli().run(['tag', 'The cat sat on the mat .']);
 * ```
 */
export function createCli(io: Pick<AppCliArgs, 'stdout' | 'stderr' | 'env' | 'cwd'> = {}): AppCli {
  return createAppCli({
    name: APP_NAME,
    description: 'Part-of-speech tagging of the Penn Treebank sample with a bidirectional GRU, scored beside the most-frequent-tag baseline',
    version: APP_VERSION,
    commands: { train, evaluate, tag },
    ...io,
  });
}
