import { defineCommand } from '@rnn/app-kit';
import { FileFormatError } from '@rnn/core';
import { perplexity } from '@rnn/metrics';
import { loadModel } from '../bundle.js';
import { loadCorpus } from '../data/corpus.js';
import { heldOutReport } from '../evaluation/held-out.js';

/**
 * `evaluate`: held-out cross-entropy and perplexity of a trained run beside the unigram and trigram baselines.
 *
 * @example
 * ```sh
 * rnn-text-generation evaluate            # the latest run under ./runs
 * rnn-text-generation evaluate --run runs/text-generation/2026-11-23T11-17-03-244Z
 * ```
 */
export const evaluate = defineCommand({
  description: 'held-out cross-entropy / perplexity of a trained run, beside unigram and trigram baselines',
  async action(_opts, ctx) {
    const { model, vocab, split, bundleDir } = loadModel(ctx);
    try {
      const corpus = await loadCorpus(ctx.dataRoot(), { heldOutFraction: split.heldOutFraction, maxChars: split.maxChars ?? undefined });
      if (corpus.vocab.size !== vocab.size) {
        throw new FileFormatError(
          `Expected the text under ${ctx.dataRoot()} to give the bundle's vocabulary of ${vocab.size} ids, but it gives ${corpus.vocab.size}; is --data the same as in training?`,
        );
      }
      ctx.logger.info(`model bundle: ${bundleDir}`);
      const r = heldOutReport(model, corpus, split.seqLength);
      for (const [name, ce] of Object.entries(r)) {
        ctx.logger.info(
          `${name.padEnd(8)} cross-entropy ${ce.toFixed(4)} nats/char (${(ce / Math.LN2).toFixed(3)} bits), perplexity ${perplexity(ce).toFixed(3)}`,
        );
      }
    } finally {
      model.dispose();
    }
  },
});
