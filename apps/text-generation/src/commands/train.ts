import { barChart, type ChartSection, defineCommand, lineChart, MAX_LAYER_WIDTH, type ReportSection, UsageError, withFlagOverrides } from '@rnn/app-kit';
import { Rng } from '@rnn/core';
import { charWindows } from '@rnn/data';
import { perplexity } from '@rnn/metrics';
import * as tf from '@tensorflow/tfjs';
import { APP_NAME, RESERVED_IDS, saveModel } from '../bundle.js';
import { CONFIGS, type TextGenConfig } from '../config.js';
import { loadCorpus } from '../data/corpus.js';
import { baselines, HELD_OUT_TRACKS } from '../evaluation/held-out.js';
import { CharLM } from '../model/char-lm.js';
import { evaluateHeldOut, type HeldOutResult, trainEpoch } from '../train/stateful-training.js';

const SAMPLE_PREFIX = 'Alice';

/**
 * Put one tick on each whole epoch of a short epoch axis. (app-kit's `lineChart` asks for
 * `tickMinStep: 1, format: 'd'`, but Vega still places ticks at 1, 1.5, 2, … over a 1–3 range,
 * which print as "1 2 2 3 3"; explicit tick values avoid that.)
 */
function withEpochTicks(epochs: number, section: ChartSection): ChartSection {
  if (epochs > 20) return section;
  const encoding = section.spec.encoding as { x: { axis?: Record<string, unknown> } };
  encoding.x.axis = { ...encoding.x.axis, values: Array.from({ length: epochs }, (_, i) => i + 1), format: 'd' };
  return section;
}

/**
 * `train`: Embedding → stateful GRU → Dense on both Carroll books (last 10% held out), with held-out
 * cross-entropy / perplexity per epoch, unigram and interpolated-trigram baselines on the same
 * positions, samples every `sampleEvery` epochs, and the run folder (config, metrics, bundle, report).
 *
 * @example
 * ```sh
 * nice -n 10 rnn-text-generation train --config small            # ~8 min on 2 loaded cores
 * rnn-text-generation train --max-chars 6000 --units 32 --epochs 1  # a smoke run
 * ```
 */
export const train = defineCommand({
  description: 'train the character GRU language model on both Lewis Carroll books',
  options: {
    maxChars: { kind: 'int', description: 'use only the first N characters of the text (quick tests)', min: 1000 },
    sampleEvery: { kind: 'int', description: 'put a sample into the report every N epochs (default: from --config)', min: 1 },
    units: { kind: 'int', description: 'GRU units (default: from --config)', min: 1, max: MAX_LAYER_WIDTH },
    batchSize: { kind: 'int', description: 'batch size = number of contiguous tracks (default: from --config)', min: 1 },
  },
  async action(opts, ctx) {
    const config: TextGenConfig = withFlagOverrides(CONFIGS[opts.config], opts);
    const corpus = await loadCorpus(ctx.dataRoot(), { heldOutFraction: config.heldOutFraction, maxChars: opts.maxChars });
    const need = config.batchSize * config.seqLength + 1;
    if (corpus.trainLength < need) {
      throw new UsageError(
        `Expected the training part to hold at least batchSize × seqLength + 1 = ${need} characters, but it holds ${corpus.trainLength}; raise --max-chars or lower --batch-size.`,
      );
    }
    const run = ctx.startRun({ ...config, maxChars: opts.maxChars ?? null, books: ['alice', 'looking-glass'] });
    ctx.logger.info(`run folder: ${run.dir}`);
    const trainIds = corpus.ids.subarray(0, corpus.trainLength);
    const heldChars = corpus.ids.length - corpus.trainLength;
    const model = CharLM.create({ vocabSize: corpus.vocab.size, embeddingDim: config.embeddingDim, units: config.units, seed: ctx.seed });
    ctx.logger.info(
      `${corpus.ids.length.toLocaleString('en-US')} characters (${corpus.trainLength.toLocaleString('en-US')} train, ${heldChars.toLocaleString('en-US')} held out), vocabulary ${corpus.vocab.size} (incl. 4 reserved), model ${model.countParams().toLocaleString('en-US')} parameters`,
    );
    // The baselines only need the held-out layout, so compute them first: the log shows the bar to beat.
    const layout = evaluateHeldOut(null, corpus.ids, corpus.trainLength, { seqLength: config.seqLength, tracks: HELD_OUT_TRACKS });
    const base = baselines(corpus, layout.positions);
    ctx.logger.info(
      `held-out baselines on ${layout.positions.length.toLocaleString('en-US')} characters: unigram ${base.unigram.toFixed(4)} nats/char (perplexity ${perplexity(base.unigram).toFixed(3)}), trigram ${base.trigram.toFixed(4)} (perplexity ${perplexity(base.trigram).toFixed(3)})`,
    );
    const batchesPerEpoch = charWindows(trainIds, { seqLength: config.seqLength, batchSize: config.batchSize }).batches.length;
    const optimizer = tf.train.adam(config.learningRate);
    const progress = ctx.progress({ total: config.epochs * batchesPerEpoch, label: 'train' });
    const stepLoss: [number, number][] = [];
    const epochTrain: [number, number][] = [];
    const epochHeld: [number, number][] = [];
    const samples: string[] = [];
    let step = 0;
    let trainSeconds = 0;
    let held: HeldOutResult = { crossEntropy: Number.NaN, positions: new Int32Array(0) };
    try {
      for (let epoch = 1; epoch <= config.epochs; epoch++) {
        const te = Date.now();
        const trainLoss = trainEpoch(model, optimizer, trainIds, config, (r) => {
          step++;
          stepLoss.push([step, r.loss]);
          run.log({ loss: r.loss, gradNorm: r.gradNorm }, { epoch, step });
          progress.update(step, { epoch, epochs: config.epochs, loss: r.loss, tokens: step * config.batchSize * config.seqLength });
        });
        trainSeconds += (Date.now() - te) / 1000;
        held = evaluateHeldOut(model, corpus.ids, corpus.trainLength, { seqLength: config.seqLength, tracks: HELD_OUT_TRACKS });
        epochTrain.push([epoch, trainLoss]);
        epochHeld.push([epoch, held.crossEntropy]);
        run.log(
          { trainLoss, heldOutCrossEntropy: held.crossEntropy, heldOutPerplexity: perplexity(held.crossEntropy), epochSeconds: (Date.now() - te) / 1000 },
          { epoch },
        );
        ctx.logger.info(
          `epoch ${epoch}/${config.epochs}: train ${trainLoss.toFixed(4)} nats/char, held-out ${held.crossEntropy.toFixed(4)} (perplexity ${perplexity(held.crossEntropy).toFixed(3)})`,
        );
        if (epoch % config.sampleEvery === 0 || epoch === config.epochs) {
          // Temperature 0.5 every `sampleEvery` epochs; after the last epoch also 1.0 (the two of the notebook).
          for (const temperature of epoch === config.epochs ? [0.5, 1.0] : [0.5]) {
            const ids = model.generate(corpus.vocab.encode(SAMPLE_PREFIX), config.sampleLength, temperature, new Rng(ctx.seed + epoch), RESERVED_IDS);
            samples.push(`--- epoch ${epoch} (temperature ${temperature.toFixed(1)}) ---\n${SAMPLE_PREFIX}${corpus.vocab.decode(ids)}`);
          }
        }
      }
      progress.stop();
      const summary = {
        heldOutCrossEntropy: held.crossEntropy,
        heldOutPerplexity: perplexity(held.crossEntropy),
        heldOutBitsPerChar: held.crossEntropy / Math.LN2,
        unigramCrossEntropy: base.unigram,
        unigramPerplexity: perplexity(base.unigram),
        trigramCrossEntropy: base.trigram,
        trigramPerplexity: perplexity(base.trigram),
        trigramLambdaBigram: base.lambdas.bigram,
        trigramLambdaTrigram: base.lambdas.trigram,
        beatsTrigram: held.crossEntropy < base.trigram ? 1 : 0,
        finalTrainCrossEntropy: epochTrain.at(-1)?.[1] ?? Number.NaN,
        trainSeconds,
        epochs: config.epochs,
        parameters: model.countParams(),
        vocabSize: corpus.vocab.size,
        trainChars: corpus.trainLength,
        heldOutChars: heldChars,
        heldOutScoredChars: held.positions.length,
      };
      run.summary(summary);
      await saveModel(run, model, corpus.vocab, { heldOutFraction: config.heldOutFraction, maxChars: opts.maxChars ?? null, seqLength: config.seqLength });

      const sections: ReportSection[] = [
        barChart({
          title: 'Held-out perplexity (last 10% of the text): GRU vs baselines',
          x: 'model',
          y: 'perplexity per character',
          bars: [
            { label: 'unigram (add-one)', value: summary.unigramPerplexity, group: 'baseline' },
            { label: 'trigram (interpolated)', value: summary.trigramPerplexity, group: 'baseline' },
            { label: `GRU ${config.units}`, value: summary.heldOutPerplexity, group: 'model' },
          ],
        }),
        lineChart({ title: 'Training loss per step', x: 'step', y: 'cross-entropy (nats/char)', series: [{ name: 'train', points: stepLoss }] }),
        withEpochTicks(
          config.epochs,
          lineChart({
            title: 'Cross-entropy per epoch',
            x: 'epoch',
            y: 'nats per character',
            series: [
              { name: 'train (epoch mean)', points: epochTrain },
              { name: 'held-out', points: epochHeld },
              { name: 'trigram baseline', points: epochHeld.map(([e]) => [e, base.trigram] as [number, number]) },
            ],
          }),
        ),
        { kind: 'table', title: 'Metrics', columns: ['metric', 'value'], rows: Object.entries(summary).map(([k, v]) => [k, v]) },
        {
          kind: 'text',
          title: 'Setup',
          text: `Embedding(${config.embeddingDim}) → GRU(${config.units}, stateful) → Dense(${corpus.vocab.size}); batches from charWindows (${config.batchSize} contiguous tracks × ${config.seqLength} steps, in order, state carried between batches and reset each epoch); Adam lr ${config.learningRate}, global gradient norm clipped to ${config.clipNorm}.\n\nHeld-out: the last ${100 * config.heldOutFraction}% of the text, read statefully in ${HELD_OUT_TRACKS} contiguous tracks; the baselines are scored on exactly the same ${held.positions.length} characters. Unigram: add-one smoothed. Trigram: interpolated (Jelinek–Mercer), λ2 = ${base.lambdas.bigram}, λ3 = ${base.lambdas.trigram} chosen by grid search on the last 10% of the training part.`,
        },
        ...samples.map((s) => ({ kind: 'pre' as const, title: s.split('\n')[0]?.replace(/-/g, '').trim(), text: s.split('\n').slice(1).join('\n') })),
      ];
      await run.writeReport({ title: `${APP_NAME} - ${opts.config} config`, subtitle: `${run.dir} - seed ${ctx.seed} - ${ctx.backend}`, sections });
      ctx.logger.info(
        `held-out: GRU ${summary.heldOutPerplexity.toFixed(3)} vs trigram ${summary.trigramPerplexity.toFixed(3)} vs unigram ${summary.unigramPerplexity.toFixed(3)} (perplexity); training ${trainSeconds.toFixed(0)} s\nreport: ${run.reportPath}`,
      );
    } finally {
      progress.stop();
      optimizer.dispose();
      model.dispose();
    }
  },
});
