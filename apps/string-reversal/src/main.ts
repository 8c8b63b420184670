import { createAppCli } from '@rnn/app-kit';
import { APP_NAME, APP_VERSION } from './bundle.js';
import { evaluate } from './commands/evaluate.js';
import { reverse } from './commands/reverse.js';
import { train } from './commands/train.js';

const cli = createAppCli({
  name: APP_NAME,
  description: 'String reversal: the 108-parameter feedback encoder-decoder walk-through, and a GRU seq2seq',
  version: APP_VERSION,
  commands: { train, evaluate, reverse, predict: { ...reverse, description: 'same as reverse' } },
});
process.exitCode = await cli.run(process.argv.slice(2));
