import { defineCommand } from '@rnn/app-kit';
import { FileFormatError } from '@rnn/core';
import { loadTagger } from '../bundle.js';
import { loadTreebankSplits } from '../data/treebank-splits.js';
import { evaluateTagger } from '../eval/evaluate-tagger.js';
import { printScores } from './print-scores.js';

/**
 * `evaluate`: rebuild the run's split from its seed and score the saved tagger and the baseline on test (or validation).
 *
 * @example
 * ```ts
 * await createCli().run(['evaluate', '--run', 'runs/pos-tagging/<timestamp>']);
 * ```
 */
export const evaluate = defineCommand({
  description: 'score a trained run on its held-out test sentences, beside the most-frequent-tag baseline',
  options: { set: { kind: 'string', description: 'which held-out set', default: 'test', choices: ['test', 'val'] } },
  async action(opts, ctx) {
    const { tagger, split, bundleDir } = await loadTagger(ctx);
    try {
      ctx.logger.info(`model bundle: ${bundleDir}`);
      const splits = await loadTreebankSplits(ctx.dataRoot(), { seed: split.seed, sentences: split.sentences });
      const got = splits.report.sizes;
      if (got.train !== split.sizes.train || got.val !== split.sizes.val || got.test !== split.sizes.test) {
        throw new FileFormatError(
          `Expected ${splits.path} to split into ${split.sizes.train}/${split.sizes.val}/${split.sizes.test} sentences as when the run was trained, but got ${got.train}/${got.val}/${got.test} (different data?).`,
        );
      }
      const ev = evaluateTagger(tagger, splits.train, opts.set === 'val' ? splits.val : splits.test);
      printScores(ctx.logger, ev, opts.set === 'val' ? 'validation' : 'test');
    } finally {
      tagger.dispose();
    }
  },
});
