import { defineCommand, UsageError } from '@rnn/app-kit';
import { Rng } from '@rnn/core';
import { dataFile, SENTIMENT_SOURCES } from '@rnn/data/node';
import type * as tf from '@tensorflow/tfjs';
import { saveSentimentBundle } from '../bundle.js';
import { type SentimentConfig, TARGET_ACCURACY } from '../config.js';
import { encode, fitTokenizer, loadSplits, vocabularySize } from '../data.js';
import { buildModel, LAYER_IMPL } from '../model.js';
import { predictProbabilities } from '../predict-probs.js';
import { buildReport, type SeedResult } from '../report.js';
import { flatScores, formatScores, majorityClass, scoreSentiment } from '../scores.js';
import { mean, pct, std } from '../stats.js';
import { trainModel } from '../train-loop.js';
import { configFrom, limitOption, modelOptions } from './options.js';

/**
 * `train`: split the de-duplicated sentences (seeded), train `--seeds` models, score them on test; writes config.json,
 * metrics.json, the bundle (the seed best on validation) and report.html.
 *
 * @example
 * ```ts
 * await createSentimentCli().run(['train', '--config', 'small', '--seed', '7']);
 * ```
 */
export const train = defineCommand({
  description: 'train on the de-duplicated UCI sentences (70/10/20 seeded split) and report test accuracy',
  options: {
    seeds: {
      kind: 'int',
      description: 'train this many seeds (--seed, --seed+1, …; each draws its own split and batch order) and report mean ± std',
      default: 1,
      min: 1,
      max: 20,
    },
    limit: limitOption,
    protocol: {
      kind: 'string',
      description: 'holdout: train on train, checkpoint on validation; refit: train on train + validation, keep the last epoch (overrides the config)',
      choices: ['holdout', 'refit'],
    },
    checkpoint: {
      kind: 'string',
      description: 'which epoch to keep: best validation accuracy, lowest validation loss, or the last (overrides the config; refit needs last)',
      choices: ['valAccuracy', 'valLoss', 'last'],
    },
    ema: {
      kind: 'number',
      description: 'keep an exponential moving average of the weights with this momentum, updated every step (Keras use_ema; 0 = off; overrides the config)',
      min: 0,
      max: 0.9999,
    },
    ...modelOptions,
  },
  async action(opts, ctx) {
    const base = configFrom({ ...opts, config: opts.config });
    const protocol = opts.protocol ?? base.protocol;
    const checkpoint =
      opts.checkpoint ?? (opts.protocol === 'refit' ? 'last' : opts.protocol === 'holdout' && base.checkpoint === 'last' ? 'valAccuracy' : base.checkpoint);
    if (protocol === 'refit' && checkpoint !== 'last') {
      throw new UsageError(`Expected \`--checkpoint\` to be "last" with --protocol refit (nothing is validated), but got "${checkpoint}".`);
    }
    const cfg: SentimentConfig = { ...base, protocol, checkpoint, emaMomentum: opts.ema ?? base.emaMomentum };
    const dir = dataFile('sentiment', { root: ctx.dataRoot() });
    const run = ctx.startRun({ ...cfg, seeds: opts.seeds, limit: opts.limit ?? null, layerImpl: LAYER_IMPL });
    ctx.logger.info(`run folder: ${run.dir}`);
    const results: SeedResult[] = [];
    let keep: { model: tf.LayersModel; result: SeedResult; tok: ReturnType<typeof fitTokenizer> } | undefined;
    for (let k = 0; k < opts.seeds; k++) {
      const seed = ctx.seed + k;
      const splits = await loadSplits(dir, { seed, ratios: cfg.ratios, limit: opts.limit });
      // refit: train + validation are one training set (tokenizer included) and nothing is validated.
      const refit = cfg.protocol === 'refit';
      const fitSet = refit ? [...splits.train, ...splits.val] : splits.train;
      const tok = fitTokenizer(fitSet, cfg.minWordCount);
      const xTrain = encode(
        tok,
        fitSet.map((r) => r.text),
        cfg.maxLen,
      );
      const xVal = refit
        ? []
        : encode(
            tok,
            splits.val.map((r) => r.text),
            cfg.maxLen,
          );
      const xTest = encode(
        tok,
        splits.test.map((r) => r.text),
        cfg.maxLen,
      );
      const vocabSize = vocabularySize(tok);
      ctx.logger.info(
        `seed ${seed}: ${splits.report.total} sentences, ${splits.report.duplicatesRemoved} duplicates removed → train ${splits.report.sizes.train} / val ${splits.report.sizes.val} / test ${splits.report.sizes.test}${refit ? ` (refit: training on train + val = ${fitSet.length})` : ''}; vocabulary ${vocabSize - 2} words + <OOV>${cfg.minWordCount > 1 ? ` (words seen < ${cfg.minWordCount} times → <OOV>)` : ''}`,
      );
      const model = buildModel(cfg, vocabSize, seed);
      const batches = Math.ceil(xTrain.length / cfg.batchSize);
      const progress = ctx.progress({ total: cfg.epochs * batches, label: opts.seeds > 1 ? `train seed ${seed}` : 'train' });
      let epochNow = 1;
      let result: Awaited<ReturnType<typeof trainModel>>;
      const cpu0 = process.cpuUsage();
      try {
        result = await trainModel(
          model,
          { xTrain, yTrain: fitSet.map((r) => r.label), xVal, yVal: refit ? [] : splits.val.map((r) => r.label) },
          {
            epochs: cfg.epochs,
            batchSize: cfg.batchSize,
            rng: new Rng(seed),
            checkpoint: cfg.checkpoint,
            emaMomentum: cfg.emaMomentum,
            onBatch: (step, loss, words) => {
              progress.update(step, { epoch: epochNow, epochs: cfg.epochs, loss, tokens: words });
              run.log({ loss, seed }, { step, epoch: epochNow });
            },
            onEpoch: (r) => {
              epochNow = r.epoch + 1;
              const valText =
                r.valLoss === null || r.valAccuracy === null ? 'no validation' : `validation loss ${r.valLoss.toFixed(4)}, accuracy ${pct(r.valAccuracy)}`;
              ctx.logger.info(
                `seed ${seed} epoch ${r.epoch}/${cfg.epochs}: loss ${r.loss.toFixed(4)}, accuracy ${pct(r.accuracy)}; ${valText} (${r.seconds.toFixed(0)} s)`,
              );
              const valLog: Record<string, number> = r.valLoss === null || r.valAccuracy === null ? {} : { valLoss: r.valLoss, valAccuracy: r.valAccuracy };
              run.log({ epochLoss: r.loss, epochAccuracy: r.accuracy, ...valLog, epochSeconds: r.seconds, seed }, { epoch: r.epoch });
            },
          },
        );
      } finally {
        progress.stop();
      }
      const cpu = process.cpuUsage(cpu0);
      const majority = majorityClass(fitSet);
      const val = refit ? null : scoreSentiment(splits.val, predictProbabilities(model, xVal), majority);
      const test = scoreSentiment(splits.test, predictProbabilities(model, xTest), majority);
      const sr: SeedResult = {
        seed,
        history: result.history,
        bestEpoch: result.bestEpoch,
        seconds: result.seconds,
        cpuSeconds: (cpu.user + cpu.system) / 1e6,
        val,
        test,
        sizes: splits.report.sizes,
        duplicatesRemoved: splits.report.duplicatesRemoved,
        vocabSize,
      };
      results.push(sr);
      const kept = val === null ? `epoch ${sr.bestEpoch} (the last)` : `best epoch ${sr.bestEpoch} (val ${pct(val.accuracy)})`;
      ctx.logger.info(
        `seed ${seed}: ${kept}, test accuracy ${pct(test.accuracy)}, majority baseline ${pct(test.majorityBaseline)}, ${sr.seconds.toFixed(0)} s (${sr.cpuSeconds.toFixed(0)} s CPU)`,
      );
      run.summary({
        ...flatScores(`seed${seed}_test`, test),
        ...(val === null ? {} : { [`seed${seed}_valAccuracy`]: val.accuracy }),
        [`seed${seed}_bestEpoch`]: sr.bestEpoch,
        [`seed${seed}_trainSeconds`]: sr.seconds,
        [`seed${seed}_trainCpuSeconds`]: sr.cpuSeconds,
      });
      // The bundle holds the seed with the best VALIDATION accuracy (test is never used to choose); with
      // refit there is no validation, and the first seed's model is kept.
      if (!keep || (val !== null && keep.result.val !== null && val.accuracy > keep.result.val.accuracy)) {
        keep?.model.dispose();
        keep = { model, result: sr, tok };
      } else {
        model.dispose();
      }
    }
    const accs = results.map((r) => r.test.accuracy);
    const first = results[0]!;
    const summary: Record<string, number> = {
      ...flatScores('test', keep!.result.test),
      testAccuracyMean: mean(accs),
      testAccuracyStd: std(accs),
      testAccuracyMin: Math.min(...accs),
      testAccuracyMax: Math.max(...accs),
      majorityBaselineMean: mean(results.map((r) => r.test.majorityBaseline)),
      ...Object.fromEntries(
        SENTIMENT_SOURCES.flatMap((src) => {
          const a = results.map((r) => r.test.perSource[src].accuracy);
          return [
            [`testAccuracyMean_${src}`, mean(a)],
            [`testAccuracyStd_${src}`, std(a)],
            [`majorityBaselineMean_${src}`, mean(results.map((r) => r.test.perSource[src].majorityBaseline))],
          ];
        }),
      ),
      seeds: results.length,
      bundleSeed: keep!.result.seed,
      trainSecondsTotal: results.reduce((a, r) => a + r.seconds, 0),
      trainSecondsMean: mean(results.map((r) => r.seconds)),
      trainCpuSecondsMean: mean(results.map((r) => r.cpuSeconds)),
      duplicatesRemoved: first.duplicatesRemoved,
      trainSize: first.sizes.train,
      valSize: first.sizes.val,
      testSize: first.sizes.test,
    };
    run.summary(summary);
    await saveSentimentBundle(run, keep!.model, keep!.tok, {
      seed: keep!.result.seed,
      ratios: cfg.ratios,
      maxLen: cfg.maxLen,
      limit: opts.limit ?? null,
      testCount: keep!.result.test.count,
      layerImpl: LAYER_IMPL,
      protocol: cfg.protocol,
    });
    keep!.model.dispose();
    await run.writeReport(buildReport({ cfg, configName: opts.config, results, kept: keep!.result, target: TARGET_ACCURACY }));
    for (const line of formatScores(`test set, seed ${keep!.result.seed} (the saved model)`, keep!.result.test)) ctx.logger.info(line);
    ctx.logger.info(
      `test accuracy over ${results.length} seed(s): mean ${pct(summary.testAccuracyMean!)} ± ${pct(summary.testAccuracyStd!)} (min ${pct(summary.testAccuracyMin!)}, max ${pct(summary.testAccuracyMax!)}); majority baseline ${pct(summary.majorityBaselineMean!)}`,
    );
    ctx.logger.info(`report: ${run.reportPath}`);
  },
});
