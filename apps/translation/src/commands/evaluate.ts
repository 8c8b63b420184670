import { join } from 'node:path';
import { defineCommand } from '@rnn/app-kit';
import { writeJsonAtomic } from '@rnn/core/node';
import { loadTranslation, withDecoding } from '../bundle.js';
import { type EvaluationResult, evaluateTranslator, sampleLines } from '../evaluation.js';
import { DECODING_OPTIONS } from './options.js';

/** Printable lines of one evaluation. */
export function formatEvaluation(name: string, r: EvaluationResult): string[] {
  return [
    `${name}: corpus BLEU-4 (NLTK-equal, all references) ${r.bleu4.toFixed(4)}; sacreBLEU ${r.sacreBleu.toFixed(2)}; ${r.translationsPerSecond.toFixed(1)} translations/s`,
    `  by source length: ${r.byLength.map((b) => `${b.label} tokens (${b.sources}): ${b.bleu4.toFixed(4)}`).join(', ')}`,
  ];
}

/** `evaluate`: test BLEU of a trained run (greedy, and beam search with --beam N > 1). */
export const evaluate = defineCommand({
  description: 'test BLEU of a trained run: NLTK corpus BLEU-4, sacreBLEU + signature, copy-the-source baseline, BLEU by length, samples',
  options: {
    ...DECODING_OPTIONS,
    samples: { kind: 'int', description: 'sample translations to print', default: 20, min: 0 },
  },
  async action(opts, ctx) {
    const { translator, testGroups, bundleDir, runDir } = await loadTranslation(ctx);
    try {
      const maxLength = 30;
      const log = ctx.logger;
      log.info(`model bundle: ${bundleDir}`);
      log.info(
        `test set: ${testGroups.length} English sources (none seen in training), ${testGroups.reduce((a, g) => a + g.targets.length, 0)} French references`,
      );
      const greedy = evaluateTranslator(withDecoding(translator, 1, 0, maxLength, opts.keepUnk), testGroups);
      log.info(`sacreBLEU signature: ${greedy.signature} (on normalised text)`);
      log.info(`copy-the-source baseline: corpus BLEU-4 ${greedy.baseline.bleu4.toFixed(4)}; sacreBLEU ${greedy.baseline.sacreBleu.toFixed(2)}`);
      for (const l of formatEvaluation('greedy', greedy)) log.info(l);
      const results: Record<string, unknown> = { greedy: { ...greedy, hypotheses: undefined } };
      let shown = greedy;
      if (opts.beam !== undefined && opts.beam > 1) {
        const beam = evaluateTranslator(withDecoding(translator, opts.beam, opts.lengthPenalty, maxLength, opts.keepUnk), testGroups);
        for (const l of formatEvaluation(`beam ${opts.beam} (α ${opts.lengthPenalty})`, beam)) log.info(l);
        results[`beam${opts.beam}`] = { ...beam, hypotheses: undefined };
        shown = beam;
      }
      if (opts.samples > 0)
        log.info(
          `\n${opts.samples} test translations (${shown === greedy ? 'greedy' : `beam ${opts.beam}`}):\n\n${sampleLines(testGroups, shown.hypotheses, opts.samples)}`,
        );
      writeJsonAtomic(join(runDir, 'evaluation.json'), { bundleDir, testSources: testGroups.length, ...results });
    } finally {
      translator.dispose();
    }
  },
});
