import { defineCommand, MAX_LAYER_WIDTH, withFlagOverrides } from '@rnn/app-kit';
import { MostFrequentTagBaseline } from '../baseline/most-frequent-tag.js';
import { APP_NAME, saveTagger } from '../bundle.js';
import { CONFIGS, type TaggerConfig } from '../config.js';
import { OOV_MODES, TaggingVocabularies } from '../data/tagging-vocabularies.js';
import { loadTreebankSplits } from '../data/treebank-splits.js';
import { evaluateTagger } from '../eval/evaluate-tagger.js';
import { scoreTagging } from '../eval/tagging-scores.js';
import { PosTagger } from '../model/pos-tagger.js';
import { trainTagger } from '../model/train-tagger.js';
import { type TrainingCurves, taggerReportSections } from '../report/tagger-report.js';
import { printScores } from './print-scores.js';

/**
 * `train`: split the treebank, build vocabularies on train, train the BiGRU tagger (best epoch on
 * validation), score it and the baseline on test; writes config.json, metrics.json, the bundle and report.html.
 *
 * @example
 * ```ts
 * await createCli().run(['train', '--config', 'small', '--seed', '7']);
 * ```
 */
export const train = defineCommand({
  description: 'train the BiGRU tagger on the treebank sample and score it against the most-frequent-tag baseline',
  options: {
    sentences: { kind: 'int', description: 'use only the first N sentences of the corpus (0 = all 3914)', min: 0 },
    batchSize: { kind: 'int', description: 'sentences per batch (default: from --config)', min: 1 },
    units: { kind: 'int', description: 'GRU units per direction (default: from --config)', min: 1, max: MAX_LAYER_WIDTH },
    embeddingDim: { kind: 'int', description: 'embedding width (default: from --config)', min: 1, max: MAX_LAYER_WIDTH },
    learningRate: { kind: 'number', description: 'Adam learning rate (default: from --config)', min: 0 },
    batching: { kind: 'string', description: 'bucket (by length) or pad-to-max (default: from --config)', choices: ['bucket', 'pad-to-max'] },
    oov: { kind: 'string', description: 'unseen words as one <unk> (single) or by spelling class (shape) (default: from --config)', choices: OOV_MODES },
    patience: { kind: 'int', description: 'early stop after N epochs without validation gain, 0 = never (default: from --config)', min: 0 },
  },
  async action(opts, ctx) {
    const config: TaggerConfig = withFlagOverrides(CONFIGS[opts.config], opts);
    const splits = await loadTreebankSplits(ctx.dataRoot(), { seed: ctx.seed, sentences: config.sentences });
    const run = ctx.startRun({ ...config, split: splits.report.sizes });
    ctx.logger.info(`run folder: ${run.dir}`);
    const vocabs = TaggingVocabularies.fromSentences(splits.train, { oov: config.oov });
    const tagger = PosTagger.create(vocabs, {
      embeddingDim: config.embeddingDim,
      dropout: config.dropout,
      units: config.units,
      inputLength: config.batching === 'pad-to-max' ? config.maxLength : null,
      seed: ctx.seed,
    });
    try {
      const s = splits.report.sizes;
      ctx.logger.info(
        `${splits.path}: ${s.train}/${s.val}/${s.test} sentences (train/val/test, seed ${ctx.seed}); ${vocabs.words.size} word ids, ${vocabs.numClasses - vocabs.firstTagId} tags; ${tagger.model.countParams()} parameters`,
      );
      const baseline = MostFrequentTagBaseline.fit(splits.train);
      const valBaseline = scoreTagging(
        splits.val.map((x) => ({ words: x.words, gold: x.tags, predicted: baseline.tag(x.words) })),
        (w) => vocabs.isKnown(w),
      ).accuracy;
      const curves: TrainingCurves = { stepLoss: [], epochLoss: [], valAccuracy: [] };
      const batchesPerEpoch = Math.ceil(s.train / config.batchSize);
      const progress = ctx.progress({ total: config.epochs * batchesPerEpoch, label: 'train' });
      let tokens = 0;
      const t0 = Date.now();
      const result = await trainTagger(tagger, splits.train, splits.val, {
        config,
        seed: ctx.seed,
        onBatchEnd: (info) => {
          tokens += info.tokens;
          curves.stepLoss.push([info.step, info.loss]);
          run.log({ loss: info.loss }, { step: info.step, epoch: info.epoch });
          progress.update(Math.min(info.step, config.epochs * batchesPerEpoch), { epoch: info.epoch, epochs: config.epochs, loss: info.loss, tokens });
        },
        onEpochEnd: (info) => {
          curves.epochLoss.push([info.epoch, info.trainLoss]);
          curves.valAccuracy.push([info.epoch, info.valAccuracy]);
          run.log({ trainLoss: info.trainLoss, valMaskedAccuracy: info.valAccuracy, epochSeconds: info.seconds }, { epoch: info.epoch });
          ctx.logger.info(
            `epoch ${info.epoch}/${config.epochs}: train loss ${info.trainLoss.toFixed(4)}, validation masked accuracy ${(100 * info.valAccuracy).toFixed(2)}% (baseline ${(100 * valBaseline).toFixed(2)}%)${info.best ? ' *best' : ''}, ${info.seconds.toFixed(1)} s`,
          );
        },
      });
      progress.stop();
      const wallSeconds = (Date.now() - t0) / 1000;
      const ev = evaluateTagger(tagger, splits.train, splits.test);
      const summary: Record<string, number> = {
        testMaskedAccuracy: ev.maskedAccuracy,
        testAccuracyWithoutNone: ev.model.accuracyWithoutNone,
        testOovAccuracy: ev.model.oovAccuracy,
        testKnownAccuracy: ev.model.knownAccuracy,
        testMacroF1: ev.model.macroF1,
        baselineAccuracy: ev.baseline.accuracy,
        baselineAccuracyWithoutNone: ev.baseline.accuracyWithoutNone,
        baselineOovAccuracy: ev.baseline.oovAccuracy,
        marginOverBaseline: ev.maskedAccuracy - ev.baseline.accuracy,
        valBaselineAccuracy: valBaseline,
        bestValMaskedAccuracy: result.bestValAccuracy,
        bestEpoch: result.bestEpoch,
        epochsRun: result.epochsRun,
        trainSeconds: result.trainSeconds,
        wallSeconds,
        paddingFraction: result.paddingFraction,
        parameters: tagger.model.countParams(),
        testTokens: ev.model.tokens,
        testOovTokens: ev.model.oovTokens,
        trainSentences: s.train,
        valSentences: s.val,
        testSentences: s.test,
      };
      for (const t of ev.model.perTag) if (t.support > 0) summary[`f1_${t.tag}`] = t.f1;
      run.summary(summary);
      await saveTagger(run, tagger, { seed: ctx.seed, sentences: config.sentences, sizes: s });
      printScores(ctx.logger, ev, 'test');
      await run.writeReport({
        title: `${APP_NAME} - ${opts.config} config`,
        subtitle: `${run.dir} - seed ${ctx.seed} - ${ctx.backend} - oov ${config.oov} - ${result.epochsRun} epochs in ${result.trainSeconds.toFixed(0)} s (best epoch ${result.bestEpoch})`,
        sections: taggerReportSections(ev, curves, summary),
      });
      ctx.logger.info(
        `training: ${result.trainSeconds.toFixed(1)} s (${result.epochsRun} epochs; wall ${wallSeconds.toFixed(1)} s with validation)\nreport: ${run.reportPath}`,
      );
    } finally {
      tagger.dispose();
    }
  },
});
