import { type AppCli, type AppCliArgs, createAppCli } from '@rnn/app-kit';
import { cv } from './commands/cv.js';
import { evaluate } from './commands/evaluate.js';
import { predict } from './commands/predict.js';
import { train } from './commands/train.js';
import { APP_NAME, APP_VERSION } from './config.js';

/**
 * Build the sentiment CLI: `train`, `cv`, `evaluate`, `predict` (each in `commands/`; tests inject stdout/stderr/cwd/env).
 *
 * @example
 * ```ts
 * const code = await createSentimentCli().run(['predict', 'What a great phone']); // prints "0.98…\tpositive\t…"
 * ```
 */
export function createSentimentCli(overrides: Partial<Omit<AppCliArgs, 'commands' | 'name' | 'version' | 'description'>> = {}): AppCli {
  return createAppCli({
    name: APP_NAME,
    description: 'Sentiment of UCI review sentences with a bidirectional LSTM (honest, leak-free split)',
    version: APP_VERSION,
    commands: { train, cv, evaluate, predict },
    ...overrides,
  });
}
