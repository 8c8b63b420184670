import { defineCommand } from '@rnn/app-kit';
import { loadModels } from '../bundle.js';
import { tinyAccuracy } from '../tiny/train-tiny.js';

/** `evaluate`: exact match of the saved models (tiny: all 27 length-3 strings; GRU: its held-out set). */
export const evaluate = defineCommand({
  description: 'exact-match accuracy of a trained run (tiny: all 27 length-3 strings; GRU: the held-out set)',
  async action(_opts, ctx) {
    const { tiny, gru, testSet, bundleDir } = await loadModels(ctx);
    ctx.logger.info(`model bundle: ${bundleDir}`);
    if (tiny) {
      const acc = tinyAccuracy(tiny);
      ctx.logger.info(`tiny (${tiny.countParams()} parameters): exact match ${Math.round(acc * 27)}/27 = ${(100 * acc).toFixed(2)}%`);
      tiny.dispose();
    }
    if (gru) {
      const r = await gru.evaluate(testSet);
      ctx.logger.info(`GRU seq2seq: held-out exact match ${(100 * r.exactMatch).toFixed(2)}% on ${testSet.length} strings, loss ${r.loss.toFixed(4)}`);
      gru.dispose();
    }
  },
});
