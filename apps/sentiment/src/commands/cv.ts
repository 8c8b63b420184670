import { resolve } from 'node:path';
import { defineCommand } from '@rnn/app-kit';
import { dataFile } from '@rnn/data/node';
import { APP_NAME, APP_VERSION } from '../config.js';
import { crossValidate } from '../cross-validate.js';
import { LAYER_IMPL } from '../model.js';
import { mean, pct } from '../stats.js';
import { configFrom, limitOption, modelOptions } from './options.js';

/**
 * `cv`: k-fold cross-validation on the non-test sentences of each seed; per-fold, per-epoch held-out scores as JSON.
 *
 * @example
 * ```ts
 * await createSentimentCli().run(['cv', '--folds', '4', '--json', 'cv.json']);
 * ```
 */
export const cv = defineCommand({
  description:
    'k-fold cross-validation on the non-test sentences of each seed (the test fifth is never read): held-out accuracy per epoch, raw and weight-averaged, as JSON',
  options: {
    seeds: { kind: 'int', description: "splits --seed, --seed+1, …: each one's train+validation sentences are cross-validated", default: 3, min: 1, max: 20 },
    folds: { kind: 'int', description: 'folds per seed', default: 4, min: 2, max: 20 },
    protocol: {
      kind: 'string',
      description: 'holdout: each fold also holds out a 1/8 validation part (to score checkpoint rules); refit: each fold trains on all of its training part',
      default: 'holdout',
      choices: ['holdout', 'refit'],
    },
    ema: {
      kind: 'number',
      description: 'momentum of the weight average scored beside the raw weights (Keras ema_momentum)',
      default: 0.99,
      min: 0.5,
      max: 0.9999,
    },
    json: { kind: 'string', description: 'write the per-fold, per-epoch scores here (after every fold)', valueName: 'file' },
    limit: limitOption,
    ...modelOptions,
  },
  async action(opts, ctx) {
    const cfg = configFrom({ ...opts, config: opts.config });
    const dir = dataFile('sentiment', { root: ctx.dataRoot() });
    const jsonPath = opts.json === undefined ? undefined : resolve(opts.json);
    const folds = await crossValidate({
      dir,
      cfg,
      seed: ctx.seed,
      seeds: opts.seeds,
      folds: opts.folds,
      protocol: opts.protocol,
      emaMomentum: opts.ema,
      limit: opts.limit,
      jsonPath,
      meta: { app: APP_NAME, appVersion: APP_VERSION, command: 'cv', config: opts.config, layerImpl: LAYER_IMPL, limit: opts.limit ?? null },
      onFold: (f) => {
        const last = f.epochs[f.epochs.length - 1];
        ctx.logger.info(
          `seed ${f.seed} fold ${f.fold + 1}/${opts.folds}: train ${f.sizes.train} / val ${f.sizes.val} / held out ${f.sizes.heldOut}; held-out accuracy per epoch ${f.epochs.map((e) => pct(e.heldOut.accuracy)).join(' ')} (averaged weights, last epoch ${pct(last?.heldOutEma.accuracy ?? 0)}); ${f.cpuSeconds.toFixed(0)} s CPU, ${f.wallSeconds.toFixed(0)} s wall`,
        );
      },
    });
    const curve = Array.from({ length: cfg.epochs }, (_, i) => mean(folds.map((f) => f.epochs[i]?.heldOut.accuracy ?? 0)));
    ctx.logger.info(`mean held-out accuracy per epoch over ${folds.length} folds: ${curve.map(pct).join(' ')}`);
    if (jsonPath !== undefined) ctx.logger.info(`scores: ${jsonPath}`);
  },
});
