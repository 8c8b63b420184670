import { defineCommand, UsageError } from '@rnn/app-kit';
import { describeValue, Rng } from '@rnn/core';
import { loadModel, RESERVED_IDS } from '../bundle.js';

/**
 * `generate`: a batch-1 copy of the trained model (same weights, state reset to zeros), fed the
 * prefix, then sampling `--length` characters from softmax(logits / temperature) with `--seed`.
 *
 * @example
 * ```sh
 * rnn-text-generation generate --prefix Alice --length 1000 --temperature 0.5 --seed 1
 * ```
 */
export const generate = defineCommand({
  description: 'sample text from a trained model (batch-1 copy: state reset, prefix fed, then sampling)',
  options: {
    prefix: { kind: 'string', description: 'text to start from', default: 'Alice' },
    length: { kind: 'int', description: 'characters to generate', default: 1000, min: 1, max: 100000 },
    temperature: { kind: 'number', description: 'sampling temperature (lower = more conservative)', default: 1, min: 0.01, max: 10 },
  },
  async action(opts, ctx) {
    if (opts.prefix === '') throw new UsageError('Expected `--prefix` to be a non-empty string, but got "".');
    const { model, vocab } = loadModel(ctx);
    try {
      const ids = vocab.encode(opts.prefix);
      const unknown = Array.from(opts.prefix).filter((_, i) => ids[i] === vocab.unkId);
      if (unknown.length > 0) {
        throw new UsageError(`Expected \`--prefix\` to use characters of the training text, but ${describeValue(unknown.join(''))} never occur in it.`);
      }
      const out = model.generate(ids, opts.length, opts.temperature, new Rng(ctx.seed), RESERVED_IDS);
      ctx.stdout.write(`${opts.prefix}${vocab.decode(out)}\n`);
    } finally {
      model.dispose();
    }
  },
});
