import { defineCommand, withFlagOverrides } from '@rnn/app-kit';
import { type AttentionFlag, attentionFromFlag, CONFIGS, type TranslationConfig } from '../config.js';
import type { ScheduleFlag } from '../scheduled-sampling.js';
import { trainTranslation } from '../training.js';
import { DECODING_OPTIONS, TRAINING_OPTIONS } from './options.js';

/** Options parsed by `train` (and `demo`) that shape the config. */
export interface TrainingFlags {
  config: 'small' | 'full';
  epochs?: number;
  pairs?: number;
  attention?: AttentionFlag;
  units?: number;
  bidirectional?: boolean;
  dropout?: number;
  embeddingDim?: number;
  batchSize?: number;
  learningRate?: number;
  minFrequency?: number;
}

/** The preset with the command-line overrides applied. */
export function configFromFlags(opts: TrainingFlags): TranslationConfig {
  return withFlagOverrides(CONFIGS[opts.config], {
    ...opts,
    attention: opts.attention === undefined ? undefined : attentionFromFlag(opts.attention),
  });
}

/** `train`: read and split the corpus, train, evaluate on the test split, save the bundle and report.html. */
export const train = defineCommand({
  description: 'train an English→French translator (writes config.json, metrics.json, model/ and report.html)',
  options: { ...TRAINING_OPTIONS, ...DECODING_OPTIONS },
  async action(opts, ctx) {
    const config = configFromFlags(opts as TrainingFlags);
    if (opts.attention === 'luong') ctx.logger.info('--attention luong: Luong attention with the "general" score (luongGeneral: score = hᵀ W s).');
    const r = await trainTranslation(ctx, {
      config,
      scheduledSampling: opts.scheduledSampling as ScheduleFlag | undefined,
      scheduleParams: { k: opts.ssK, c: opts.ssC, min: opts.ssMin },
      scheduledSamplingMode: opts.ssMode,
      beam: opts.beam ?? 1,
      lengthPenalty: opts.lengthPenalty,
      title: `${opts.config} config`,
    });
    const g = r.greedy;
    ctx.logger.info(
      [
        `test corpus BLEU-4 (NLTK, all references), greedy: ${g.bleu4.toFixed(4)}; sacreBLEU ${g.sacreBleu.toFixed(2)} (${g.signature})`,
        ...(r.beam ? [`test corpus BLEU-4, beam ${opts.beam}: ${r.beam.bleu4.toFixed(4)}; sacreBLEU ${r.beam.sacreBleu.toFixed(2)}`] : []),
        `copy-the-source baseline: BLEU-4 ${g.baseline.bleu4.toFixed(4)}; sacreBLEU ${g.baseline.sacreBleu.toFixed(2)}`,
        `report: ${r.run.reportPath}`,
      ].join('\n'),
    );
    r.translator.dispose();
  },
});
