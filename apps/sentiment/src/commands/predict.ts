import { defineCommand, UsageError } from '@rnn/app-kit';
import { loadSentimentBundle } from '../bundle.js';
import { FORMAT_VERSION } from '../config.js';
import { encode } from '../data.js';
import { predictProbabilities } from '../predict-probs.js';

/**
 * `predict`: print P(positive) of one sentence with the saved model.
 *
 * @example
 * ```ts
 * await createSentimentCli().run(['predict', 'What a great phone']); // 0.98…\tpositive\tWhat a great phone
 * ```
 */
export const predict = defineCommand({
  description: 'print P(positive) of a sentence with the saved model',
  args: [{ name: 'sentence', description: 'the sentence (quote it)', variadic: true }],
  async action(_opts, ctx) {
    const text = ctx.args.join(' ').trim();
    if (text === '') throw new UsageError('Expected `sentence` to be a non-empty sentence, but got "".');
    const { bundleDir, manifest } = ctx.openRun({ formatVersion: FORMAT_VERSION });
    const { model, tok, info } = await loadSentimentBundle(bundleDir, manifest as unknown as Record<string, unknown>);
    try {
      const ids = tok.textsToSequences([text])[0] ?? [];
      const [p] = predictProbabilities(model, encode(tok, [text], info.maxLen));
      const unknown = ids.filter((i) => i === 1).length;
      ctx.stdout.write(`${(p as number).toFixed(4)}\t${(p as number) >= 0.5 ? 'positive' : 'negative'}\t${text}\n`);
      if (unknown > 0) ctx.logger.warn(`${unknown} of ${ids.length} words are not in the training vocabulary (mapped to <OOV>).`);
    } finally {
      model.dispose();
    }
  },
});
