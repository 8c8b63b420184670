import { defineCommand, UsageError } from '@rnn/app-kit';
import { describeValue } from '@rnn/core';
import { loadModels } from '../bundle.js';
import { reverseString } from '../gru/reversal-data.js';
import { checkExplainText } from './shared.js';

/**
 * `reverse <text...>` (alias `predict`): length-3 {a,b,c} strings go through the tiny model (with
 * `--explain`, its step-by-step trace), everything else through the GRU seq2seq (`--model` forces one).
 */
export const reverse = defineCommand({
  description: 'reverse strings with a trained run (tiny model for length-3 {a,b,c} strings, else the GRU)',
  args: [{ name: 'text', description: 'strings to reverse', variadic: true }],
  options: {
    model: { kind: 'string', description: 'which model to use', default: 'auto', choices: ['auto', 'tiny', 'gru'] },
    explain: { kind: 'boolean', description: 'print the tiny model trace (hidden states, output distributions)', default: false },
  },
  async action(opts, ctx) {
    const { tiny, gru } = await loadModels(ctx);
    try {
      for (const text of ctx.args) {
        const tinyFits = /^[abc]{3}$/.test(text);
        const useTiny = opts.model === 'tiny' || (opts.model === 'auto' && (tinyFits || opts.explain) && tiny !== null);
        if (useTiny) {
          if (!tiny) throw new UsageError('Expected a run with the tiny model (train --part tiny|both), but this run has none.');
          if (!tinyFits) throw new UsageError(`Expected a length-3 string over {a, b, c} for the tiny model, but got ${describeValue(text)}.`);
          if (opts.explain) ctx.logger.info(tiny.explain(checkExplainText(text)));
          else ctx.logger.info(`${text} -> ${tiny.reverse([text])[0]} (tiny)`);
        } else {
          if (!gru) throw new UsageError('Expected a run with the GRU model (train --part gru|both), but this run has none.');
          const out = gru.reverse([text])[0] ?? '';
          ctx.logger.info(`${text} -> ${out} (GRU)${out === reverseString(text) ? '' : ' [wrong]'}`);
        }
      }
    } finally {
      tiny?.dispose();
      gru?.dispose();
    }
  },
});
