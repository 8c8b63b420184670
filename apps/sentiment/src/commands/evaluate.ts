import { defineCommand, UsageError } from '@rnn/app-kit';
import { dataFile } from '@rnn/data/node';
import { loadSentimentBundle } from '../bundle.js';
import { FORMAT_VERSION } from '../config.js';
import { encode, loadSplits } from '../data.js';
import { predictProbabilities } from '../predict-probs.js';
import { formatScores, majorityClass, scoreSentiment } from '../scores.js';

/**
 * `evaluate`: rebuild the saved model's test split from its seed and score it beside the majority baseline.
 *
 * @example
 * ```ts
 * await createSentimentCli().run(['evaluate', '--run', 'runs/sentiment/<timestamp>']);
 * ```
 */
export const evaluate = defineCommand({
  description: 'score the saved model on its test split: accuracy, precision/recall/F1, confusion matrix, per source, majority baseline',
  async action(_opts, ctx) {
    const { bundleDir, manifest } = ctx.openRun({ formatVersion: FORMAT_VERSION });
    const { model, tok, info } = await loadSentimentBundle(bundleDir, manifest as unknown as Record<string, unknown>);
    try {
      const splits = await loadSplits(dataFile('sentiment', { root: ctx.dataRoot() }), {
        seed: info.seed,
        ratios: info.ratios,
        limit: info.limit ?? undefined,
      });
      if (splits.test.length !== info.testCount) {
        throw new UsageError(
          `Expected the test split of seed ${info.seed} to hold ${info.testCount} sentences, as when the model was trained, but it holds ${splits.test.length}: is --data the same corpus?`,
        );
      }
      const probs = predictProbabilities(
        model,
        encode(
          tok,
          splits.test.map((r) => r.text),
          info.maxLen,
        ),
      );
      // the baseline is the majority of what the model trained on (train, or train + validation for refit)
      const fitSet = info.protocol === 'refit' ? [...splits.train, ...splits.val] : splits.train;
      const scores = scoreSentiment(splits.test, probs, majorityClass(fitSet));
      ctx.logger.info(`model: ${bundleDir} (seed ${info.seed}, ${info.protocol ?? 'holdout'}, ${info.layerImpl})`);
      for (const line of formatScores('test set', scores)) ctx.logger.info(line);
    } finally {
      model.dispose();
    }
  },
});
