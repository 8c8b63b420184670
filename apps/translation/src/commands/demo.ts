import { defineCommand, latestRun } from '@rnn/app-kit';
import type { Translator } from '@rnn/seq2seq/node';
import { loadTranslation, withDecoding } from '../bundle.js';
import { CONFIGS, type TranslationConfig } from '../config.js';
import { evaluateTranslator } from '../evaluation.js';
import { trainTranslation } from '../training.js';

/** The demo's trimmed small config: fewer epochs so train + evaluate finish in ≤ 5 minutes on 2 cores. */
export const DEMO_CONFIG: TranslationConfig = { ...CONFIGS.small, epochs: 2, validationBleuSources: 200 };

/** Sentences the demo always translates. */
export const DEMO_SENTENCES = ['I am cold.', 'She is very happy.', 'We are going home.', 'Where is my book?', 'He likes to swim.', "I don't know."];

/**
 * `demo` (the root `npm run demo`): trains the trimmed small config — or loads the latest trained run when
 * there is one and `--retrain` is not given — then prints test BLEU and a handful of translations.
 */
export const demo = defineCommand({
  description: 'quick start: train the small config trimmed for ≤ 5 min (or load the latest run), print BLEU and translations',
  options: {
    retrain: { kind: 'boolean', description: 'train even when a trained run exists', default: false },
  },
  async action(opts, ctx) {
    const t0 = performance.now();
    const log = ctx.logger;
    let translator: Translator;
    const existing = opts.run ?? latestRun(ctx.app, ctx.outDir);
    if (existing !== undefined && !opts.retrain) {
      const loaded = await loadTranslation(ctx);
      translator = loaded.translator;
      log.info(`Loaded the trained model in ${loaded.bundleDir} (pass --retrain to train a new one).`);
      const r = evaluateTranslator(withDecoding(translator, 1, 0, 30), loaded.testGroups);
      log.info(
        `Test corpus BLEU-4 (NLTK, greedy, ${loaded.testGroups.length} unseen English sources, all French references): ${r.bleu4.toFixed(4)}  |  sacreBLEU ${r.sacreBleu.toFixed(2)}  |  copy-the-source baseline ${r.baseline.bleu4.toFixed(4)}`,
      );
    } else {
      const epochs = opts.epochs ?? DEMO_CONFIG.epochs;
      const config = { ...DEMO_CONFIG, epochs };
      const note = `DEMO: the small config (GRU ${config.units}, embedding ${config.embeddingDim}, ${config.attention} attention, ${config.pairs} pairs) trimmed to ${epochs} epochs instead of ${CONFIGS.small.epochs} so that it finishes within 5 minutes on 2 cores; BLEU is lower than the full small run's (see apps/translation/README.md).`;
      const r = await trainTranslation(ctx, {
        config,
        scheduleParams: {},
        scheduledSamplingMode: 'parallel',
        beam: 1,
        lengthPenalty: 0.6,
        notes: [note],
        title: 'demo (small config, trimmed)',
      });
      translator = r.translator;
      log.info(
        `Test corpus BLEU-4 (NLTK, greedy, ${r.corpus.testGroups.length} unseen English sources, all French references): ${r.greedy.bleu4.toFixed(4)}  |  sacreBLEU ${r.greedy.sacreBleu.toFixed(2)}  |  copy-the-source baseline ${r.greedy.baseline.bleu4.toFixed(4)}`,
      );
      log.info(`Report: ${r.run.reportPath}`);
    }
    try {
      const beam = withDecoding(translator, 5, 0.6, 30);
      const outs = beam.translate(DEMO_SENTENCES);
      log.info('\nTranslations (beam 5):');
      DEMO_SENTENCES.forEach((s, i) => {
        log.info(`  ${s.padEnd(22)} -> ${outs[i]}`);
      });
      log.info(`\nDone in ${((performance.now() - t0) / 1000).toFixed(0)} s. Next: npm run start -w @rnn/app-translation -- translate "I am cold."`);
    } finally {
      translator.dispose();
    }
  },
});
