import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defineCommand } from '@rnn/app-kit';
import { APP_NAME, APP_VERSION, BUNDLE_FORMAT_VERSION } from '../bundle.js';
import { decodeMaxLength, prepareTranslationData } from '../training.js';
import { TRAINING_OPTIONS } from './options.js';
import { configFromFlags, type TrainingFlags } from './train.js';

/** Format name of `split.json`. */
export const SPLIT_FORMAT = 'rnn-ts/translation-split';

/**
 * `export-split <dir>`: write the exact split, vocabularies and model config `train` would use (same
 * `--seed`, `--pairs`, `--config` and overrides) as files, for training elsewhere (PyTorch DDP,
 * `python -m rnn_ts_torch.train --data <dir>`), so the split is never re-derived differently:
 * `split.json` (token ids of the training pairs that fit `maxTokens`, the validation pairs, the test
 * sources), `source-vocab.json`, `target-vocab.json`, `model-config.json` (the Seq2SeqConfig),
 * `test-set.json` (test sources with all references) and `app-bundle.json` (the app's bundle manifest, so a
 * bundle trained elsewhere loads with `translate --run <bundle>`).
 */
export const exportSplit = defineCommand({
  description: 'write the seeded split, vocabularies and model config as files (for PyTorch training with torchrun)',
  args: [{ name: 'dir', description: 'folder to write (created if needed)', required: true }],
  options: TRAINING_OPTIONS,
  async action(opts, ctx) {
    const dir = resolve(ctx.args[0] as string);
    const config = configFromFlags(opts as TrainingFlags);
    const data = await prepareTranslationData(ctx, config);
    try {
      mkdirSync(dir, { recursive: true });
      const json = (file: string, value: unknown) => writeFileSync(join(dir, file), `${JSON.stringify(value)}\n`);
      const testSources = data.corpus.testGroups.map((g) => {
        const ids = data.translator.encodeSource(g.source);
        return ids.length > 0 ? ids : [0];
      });
      json('split.json', {
        format: SPLIT_FORMAT,
        version: 1,
        seed: ctx.seed,
        config,
        decodeMaxLength: decodeMaxLength(config),
        unkId: data.targetVocab.unkId,
        train: data.trainPairs,
        val: data.valPairs,
        testSources,
      });
      json('source-vocab.json', data.sourceVocab.toJSON());
      json('target-vocab.json', data.targetVocab.toJSON());
      json('model-config.json', data.model.config);
      json('test-set.json', data.corpus.testGroups);
      json('app-bundle.json', { app: APP_NAME, formatVersion: BUNDLE_FORMAT_VERSION, appVersion: APP_VERSION, trainedWith: 'rnn_ts_torch', config });
      ctx.logger.info(
        `${dir}: train ${data.trainPairs.length} pairs (of ${data.corpus.train.length}), val ${data.valPairs.length}, test ${testSources.length} sources; vocabularies ${data.sourceVocab.size} / ${data.targetVocab.size}`,
      );
    } finally {
      data.model.dispose();
    }
  },
});
