import { loadavg } from 'node:os';
import { type AppContext, barChart, heatmap, lineChart, type ReportSection, type RunFolder } from '@rnn/app-kit';
import type { ReferenceGroup } from '@rnn/data';
import { Seq2Seq, type Seq2SeqPair, Trainer, Translator } from '@rnn/seq2seq/node';
import { Vocabulary } from '@rnn/tokenizers';
import { APP_NAME, saveTranslation, withDecoding } from './bundle.js';
import type { TranslationConfig } from './config.js';
import { loadCorpus, type TranslationCorpus } from './corpus.js';
import { type EvaluationResult, evaluateTranslator, sampleLines, scoreBleu, translateAll } from './evaluation.js';
import { tokens } from './references.js';
import { type ResolvedTeacherForcing, resolveTeacherForcing, type ScheduleFlag, type ScheduleParams } from './scheduled-sampling.js';

/** Options of {@link trainTranslation} beyond the config. */
export interface TrainTranslationArgs {
  config: TranslationConfig;
  scheduledSampling?: ScheduleFlag;
  scheduleParams: ScheduleParams;
  scheduledSamplingMode: 'parallel' | 'sequential';
  /** Beam width of the extra test evaluation (1 = greedy only). */
  beam: number;
  lengthPenalty: number;
  /** Extra lines shown at the top of the report (e.g. the demo's trimming). */
  notes?: string[];
  /** Title of the report. */
  title: string;
}

/** What a training run produced (the translator is the caller's to dispose). */
export interface TrainedTranslation {
  translator: Translator;
  run: RunFolder;
  corpus: TranslationCorpus;
  greedy: EvaluationResult;
  beam: EvaluationResult | null;
  summary: Record<string, number>;
}

/** Longest output decoded for a config. */
export function decodeMaxLength(config: TranslationConfig): number {
  return Math.max(20, 2 * config.maxTokens);
}

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1e6;
}

/** What the training loop records for the report: the curves and the timing. */
interface TrainingCurves {
  /** Mean loss of every 25 steps: [step, loss]. */
  stepLoss: [number, number][];
  /** ε every 10 steps: [step, ε] (empty without scheduled sampling). */
  epsilon: [number, number][];
  epochLoss: [number, number][];
  valLoss: [number, number][];
  /** Validation BLEU-4 (greedy, on `valGroups`) per epoch. */
  valBleu: [number, number][];
  /** The validation sources BLEU was computed on. */
  valGroups: ReferenceGroup[];
}

/** How long training took: wall-clock (without the per-epoch validation BLEU), CPU and load. */
interface TrainingTiming {
  wallSeconds: number;
  evalSeconds: number;
  cpuSeconds: number;
  loadStart: number;
  loadEnd: number;
}

/** The model, its translator and the encoded data of a run. */
interface PreparedRun {
  sourceVocab: Vocabulary;
  targetVocab: Vocabulary;
  model: Seq2Seq;
  translator: Translator;
  trainPairs: Seq2SeqPair[];
  valPairs: Seq2SeqPair[];
  stepsPerEpoch: number;
  totalSteps: number;
}

/**
 * Train a translator end to end: read and split the corpus, build word vocabularies from the training
 * split, train the seq2seq model (BLEU on a validation subset after every epoch), evaluate on the test
 * split (greedy, and beam search when `beam > 1`), save the bundle and write report.html.
 */
export async function trainTranslation(ctx: AppContext, args: TrainTranslationArgs): Promise<TrainedTranslation> {
  const { config } = args;
  const { corpus, ...prepared } = await prepareTranslationData(ctx, config);
  const { translator } = prepared;
  const tf = resolveTeacherForcing(args.scheduledSampling, args.scheduleParams, prepared.totalSteps, args.scheduledSamplingMode);
  const run = startRun(ctx, args, tf);
  logRunHeader(ctx, args, corpus, prepared, tf, run);
  let trained: { trainer: Trainer; curves: TrainingCurves; timing: TrainingTiming };
  try {
    trained = await fitWithCurves(ctx, config, corpus, prepared, tf, run);
  } catch (err) {
    translator.dispose();
    throw err;
  }
  const { trainer, curves, timing } = trained;
  const maxLen = decodeMaxLength(config);
  ctx.logger.info(`evaluating on ${corpus.testGroups.length} test sources (greedy${args.beam > 1 ? ` and beam ${args.beam}` : ''}) ...`);
  const greedy = evaluateTranslator(withDecoding(translator, 1, 0, maxLen), corpus.testGroups);
  const beam = args.beam > 1 ? evaluateTranslator(withDecoding(translator, args.beam, args.lengthPenalty, maxLen), corpus.testGroups) : null;
  const summary = runSummary(args, corpus, prepared, trainer, timing, greedy, beam);
  run.summary(summary);
  await saveTranslation(run, translator, corpus.testGroups, {
    attention: config.attention,
    testBleu4Greedy: greedy.bleu4,
    trainedWith: args.scheduledSampling ?? 'teacher-forcing',
  });
  await run.writeReport({
    title: `${APP_NAME}: English → French`,
    subtitle: `${args.title} - ${run.dir} - seed ${ctx.seed} - ${ctx.backend}`,
    sections: reportSections(ctx, args, corpus, prepared, tf, trainer, curves, timing, greedy, beam),
  });
  ctx.logger.info(
    `training: ${(timing.wallSeconds - timing.evalSeconds).toFixed(0)} s wall-clock, ${timing.cpuSeconds.toFixed(0)} s CPU (load average ${timing.loadStart.toFixed(1)} -> ${timing.loadEnd.toFixed(1)})`,
  );
  return { translator, run, corpus, greedy, beam, summary };
}

/** Step 1: word vocabularies from the training split, the model, its translator and the encoded training and validation pairs. */
function prepareRun(corpus: TranslationCorpus, config: TranslationConfig, seed: number): PreparedRun {
  const sourceVocab = Vocabulary.fromTexts(
    corpus.train.map((p) => p.source),
    { minFrequency: config.minFrequency },
  );
  const targetVocab = Vocabulary.fromTexts(
    corpus.train.map((p) => p.target),
    { minFrequency: config.minFrequency },
  );
  const model = new Seq2Seq({
    sourceVocabSize: sourceVocab.size,
    targetVocabSize: targetVocab.size,
    embeddingDim: config.embeddingDim,
    units: config.units,
    cell: 'gru',
    attention: config.attention,
    bidirectionalEncoder: config.bidirectional,
    dropout: config.dropout,
    seed,
  });
  const translator = new Translator({ model, sourceVocab, targetVocab, decoding: { strategy: 'greedy', maxLength: decodeMaxLength(config) } });
  const fits = (p: Seq2SeqPair) => p.source.length > 0 && p.source.length <= config.maxTokens && p.target.length <= config.maxTokens + 1;
  const trainPairs = translator.encodePairs(corpus.train.map((p) => [p.source, p.target] as const)).filter(fits);
  const valPairs = translator.encodePairs(corpus.val.map((p) => [p.source, p.target] as const)).filter((p) => p.source.length > 0);
  const stepsPerEpoch = Math.ceil(trainPairs.length / config.batchSize);
  return { sourceVocab, targetVocab, model, translator, trainPairs, valPairs, stepsPerEpoch, totalSteps: stepsPerEpoch * config.epochs };
}

/** The split, vocabularies, model and encoded pairs a training run starts from. */
export interface TranslationData extends PreparedRun {
  corpus: TranslationCorpus;
}

/**
 * Read and split the corpus, build the word vocabularies from the training split, and build the model and
 * the encoded pairs: the start of {@link trainTranslation}, shared with `export-split` (so PyTorch trains on
 * exactly this split and these ids). The caller disposes the model (or the translator holding it).
 */
export async function prepareTranslationData(ctx: AppContext, config: TranslationConfig): Promise<TranslationData> {
  const corpus = await loadCorpus(ctx.dataRoot(), config.pairs, ctx.seed);
  return { corpus, ...prepareRun(corpus, config, ctx.seed) };
}

/** Step 2: the run folder, with the config and the resolved teacher-forcing policy. */
function startRun(ctx: AppContext, args: TrainTranslationArgs, tf: ResolvedTeacherForcing): RunFolder {
  return ctx.startRun({
    ...args.config,
    teacherForcing: args.scheduledSampling
      ? { schedule: args.scheduledSampling, ...args.scheduleParams, mode: args.scheduledSamplingMode, resolved: tf.schedule?.toJSON() }
      : 'always',
    beam: args.beam,
    lengthPenalty: args.lengthPenalty,
  });
}

/** Step 3: log what is about to be trained (data, vocabularies, model, training). */
function logRunHeader(
  ctx: AppContext,
  args: TrainTranslationArgs,
  corpus: TranslationCorpus,
  prepared: PreparedRun,
  tf: ResolvedTeacherForcing,
  run: RunFolder,
): void {
  const { config } = args;
  const { model, translator, trainPairs, stepsPerEpoch } = prepared;
  const log = ctx.logger;
  log.info(`run folder: ${run.dir}`);
  for (const n of args.notes ?? []) log.info(n);
  log.info(
    `data: ${corpus.pairCount} pairs from ${corpus.path} -> train ${corpus.train.length} (${trainPairs.length} used, <= ${config.maxTokens} tokens) / val ${corpus.val.length} / test ${corpus.test.length} pairs; ${corpus.testGroups.length} test sources (grouped by English source, none seen in training)`,
  );
  log.info(`vocabularies (min frequency ${config.minFrequency}): English ${translator.sourceVocab.size}, French ${translator.targetVocab.size} words`);
  log.info(
    `model: GRU ${config.units} units${config.bidirectional ? ' (bidirectional encoder, directions summed)' : ''}, embedding ${config.embeddingDim}, attention ${config.attention}, dropout ${config.dropout}, ${model.countParams().toLocaleString('en-US')} parameters`,
  );
  log.info(
    `training: ${config.epochs} epochs x ${stepsPerEpoch} batches of ${config.batchSize}, Adam lr ${config.learningRate}, clip ${config.clipNorm}; ${tf.description}`,
  );
}

/** Step 4: train, recording the loss/ε curves, validation loss and BLEU per epoch, and the timing. */
async function fitWithCurves(
  ctx: AppContext,
  config: TranslationConfig,
  corpus: TranslationCorpus,
  prepared: PreparedRun,
  tf: ResolvedTeacherForcing,
  run: RunFolder,
): Promise<{ trainer: Trainer; curves: TrainingCurves; timing: TrainingTiming }> {
  const { model, translator, trainPairs, valPairs, totalSteps } = prepared;
  const log = ctx.logger;
  const valGreedy = withDecoding(translator, 1, 0, decodeMaxLength(config));
  const curves: TrainingCurves = {
    stepLoss: [],
    epsilon: [],
    epochLoss: [],
    valLoss: [],
    valBleu: [],
    valGroups: evenlySpaced(corpus.valGroups, config.validationBleuSources),
  };
  const { valGroups } = curves;
  const progress = ctx.progress({ total: totalSteps, label: 'train' });
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const load0 = loadavg();
  let evalSeconds = 0;
  let tokensSeen = 0;
  let window: number[] = [];
  const trainer = new Trainer(model, {
    epochs: config.epochs,
    batchSize: config.batchSize,
    learningRate: config.learningRate,
    clipNorm: config.clipNorm,
    teacherForcing: tf.policy,
    validationData: valPairs.length > 0 ? valPairs : undefined,
    validationMetrics: ['loss'],
    progressBar: false,
    seed: ctx.seed,
    callbacks: {
      onBatchEnd: (info) => {
        tokensSeen += info.tokens;
        window.push(info.loss);
        if (window.length === 25 || info.step === totalSteps) {
          curves.stepLoss.push([info.step, window.reduce((a, b) => a + b, 0) / window.length]);
          window = [];
        }
        if (tf.schedule && (info.step % 10 === 0 || info.step === 1)) curves.epsilon.push([info.step, info.epsilon]);
        run.log({ loss: info.loss, gradNorm: info.gradNorm, epsilon: info.epsilon }, { step: info.step, epoch: info.epoch + 1 });
        progress.update(info.step, { epoch: info.epoch + 1, epochs: config.epochs, loss: info.loss, tokens: tokensSeen });
      },
      onEpochEnd: (logs) => {
        const te = performance.now();
        const hyps = translateAll(
          valGreedy,
          valGroups.map((g) => g.source),
        ).map((t) => t.text);
        const b = valGroups.length > 0 ? scoreBleu(valGroups, hyps).bleu4 : Number.NaN;
        evalSeconds += (performance.now() - te) / 1000;
        const epoch = logs.epoch + 1;
        curves.epochLoss.push([epoch, logs.loss]);
        if (logs.valLoss !== undefined) curves.valLoss.push([epoch, logs.valLoss]);
        curves.valBleu.push([epoch, b]);
        run.log({ trainLoss: logs.loss, valLoss: logs.valLoss ?? Number.NaN, valBleu4: b, epsilon: logs.epsilon, seconds: logs.seconds }, { epoch });
        log.info(
          `epoch ${epoch}/${config.epochs}: train loss ${logs.loss.toFixed(4)}, val loss ${(logs.valLoss ?? Number.NaN).toFixed(4)}, val BLEU-4 ${b.toFixed(4)} (greedy, ${valGroups.length} sources), ε ${logs.epsilon.toFixed(3)}, ${((performance.now() - t0) / 1000).toFixed(0)} s`,
        );
      },
    },
  });
  try {
    await trainer.fit(trainPairs);
  } finally {
    progress.stop();
    trainer.dispose();
  }
  const timing: TrainingTiming = {
    wallSeconds: (performance.now() - t0) / 1000,
    evalSeconds,
    cpuSeconds: cpuSeconds(c0),
    loadStart: load0[0] as number,
    loadEnd: loadavg()[0] as number,
  };
  return { trainer, curves, timing };
}

/** Step 5: the numbers of the run (metrics.json's summary). */
function runSummary(
  args: TrainTranslationArgs,
  corpus: TranslationCorpus,
  prepared: PreparedRun,
  trainer: Trainer,
  timing: TrainingTiming,
  greedy: EvaluationResult,
  beam: EvaluationResult | null,
): Record<string, number> {
  const { model, translator, trainPairs } = prepared;
  const summary: Record<string, number> = {
    params: model.countParams(),
    trainPairs: trainPairs.length,
    testSources: corpus.testGroups.length,
    sourceVocab: translator.sourceVocab.size,
    targetVocab: translator.targetVocab.size,
    epochs: trainer.history.epochs.length,
    steps: trainer.step,
    trainSecondsWall: timing.wallSeconds - timing.evalSeconds,
    validationBleuSecondsWall: timing.evalSeconds,
    trainCpuSeconds: timing.cpuSeconds,
    loadAverageStart: timing.loadStart,
    loadAverageEnd: timing.loadEnd,
    finalTrainLoss: trainer.history.epochs.at(-1)?.loss ?? Number.NaN,
    finalValLoss: trainer.history.epochs.at(-1)?.valLoss ?? Number.NaN,
    testBleu4Greedy: greedy.bleu4,
    testSacreBleuGreedy: greedy.sacreBleu,
    translationsPerSecondGreedy: greedy.translationsPerSecond,
    baselineBleu4: greedy.baseline.bleu4,
    baselineSacreBleu: greedy.baseline.sacreBleu,
  };
  if (beam) {
    summary[`testBleu4Beam${args.beam}`] = beam.bleu4;
    summary[`testSacreBleuBeam${args.beam}`] = beam.sacreBleu;
    summary[`translationsPerSecondBeam${args.beam}`] = beam.translationsPerSecond;
  }
  for (const b of greedy.byLength) summary[`testBleu4Greedy_len${b.label}`] = b.bleu4;
  return summary;
}

/** Step 6: the sections of report.html (test BLEU table, run description, curves, BLEU by length, attention, samples). */
function reportSections(
  ctx: AppContext,
  args: TrainTranslationArgs,
  corpus: TranslationCorpus,
  prepared: PreparedRun,
  tf: ResolvedTeacherForcing,
  trainer: Trainer,
  curves: TrainingCurves,
  timing: TrainingTiming,
  greedy: EvaluationResult,
  beam: EvaluationResult | null,
): ReportSection[] {
  const { config } = args;
  const { model, translator } = prepared;
  const trainSeconds = timing.wallSeconds - timing.evalSeconds;
  const sections: ReportSection[] = [
    {
      kind: 'table',
      title: `Test BLEU (${corpus.testGroups.length} English sources never seen in training, all their French translations as references)`,
      columns: ['system', 'NLTK corpus BLEU-4', 'sacreBLEU', 'translations/s'],
      rows: [
        ['model, greedy', greedy.bleu4.toFixed(4), greedy.sacreBleu.toFixed(2), greedy.translationsPerSecond.toFixed(1)],
        ...(beam
          ? [[`model, beam ${args.beam} (α ${args.lengthPenalty})`, beam.bleu4.toFixed(4), beam.sacreBleu.toFixed(2), beam.translationsPerSecond.toFixed(1)]]
          : []),
        ['copy the English source (baseline)', greedy.baseline.bleu4.toFixed(4), greedy.baseline.sacreBleu.toFixed(2), '-'],
      ],
    },
    {
      kind: 'text',
      title: 'Run',
      text: [
        ...(args.notes ?? []),
        `${config.pairs} Tatoeba pairs, split 80/10/10 by English source; vocabularies English ${translator.sourceVocab.size} / French ${translator.targetVocab.size} (min frequency ${config.minFrequency}).`,
        `GRU ${config.units}${config.bidirectional ? ' (bidirectional encoder)' : ''}, embedding ${config.embeddingDim}, attention ${config.attention}, dropout ${config.dropout}, ${model.countParams().toLocaleString('en-US')} parameters; ${tf.description}.`,
        `Training: ${trainer.step} steps in ${trainSeconds.toFixed(0)} s wall-clock (${timing.cpuSeconds.toFixed(0)} s CPU; load average ${timing.loadStart.toFixed(1)} → ${timing.loadEnd.toFixed(1)} on ${ctx.backend}), plus ${timing.evalSeconds.toFixed(0)} s of per-epoch validation BLEU.`,
        `sacreBLEU signature: ${greedy.signature} (computed on the normalised text: lower case, accents stripped, punctuation spaced).`,
      ].join('\n'),
    },
    lineChart({
      title: 'Training loss (mean of every 25 steps)',
      x: 'step',
      y: 'cross-entropy per target token (nats)',
      series: [{ name: 'train', points: curves.stepLoss }],
      logY: true,
    }),
    lineChart({
      title: 'Loss per epoch',
      x: 'epoch',
      y: 'cross-entropy per target token (nats)',
      series: [
        { name: 'train', points: curves.epochLoss },
        { name: 'validation', points: curves.valLoss },
      ],
    }),
    lineChart({
      title: `Validation BLEU-4 per epoch (greedy, ${curves.valGroups.length} validation sources spread over all lengths)`,
      x: 'epoch',
      y: 'NLTK corpus BLEU-4',
      series: [{ name: 'validation', points: curves.valBleu }],
    }),
  ];
  if (tf.schedule) {
    sections.push(
      lineChart({
        title: 'Scheduled sampling: ε (probability of feeding the gold token) per step',
        x: 'step',
        y: 'ε',
        series: [{ name: tf.schedule.kind, points: curves.epsilon }],
      }),
    );
  }
  sections.push(
    barChart({
      title: 'Test BLEU-4 by English source length (greedy)',
      x: 'source length (tokens, incl. punctuation)',
      y: 'NLTK corpus BLEU-4',
      bars: greedy.byLength.map((b) => ({ label: `${b.label} (${b.sources})`, value: b.bleu4 })),
    }),
  );
  if (config.attention !== 'none') sections.push(...attentionHeatmaps(withDecoding(translator, 1, 0, decodeMaxLength(config)), corpus));
  sections.push({ kind: 'pre', title: '20 test translations (greedy)', text: sampleLines(corpus.testGroups, greedy.hypotheses, 20) });
  return sections;
}

/**
 * `n` items spread evenly over `items` (all of them when `n >= items.length`). The corpus is sorted by
 * sentence length, so the first n validation sources would all be 1–3-word sentences.
 */
export function evenlySpaced<T>(items: readonly T[], n: number): T[] {
  if (n >= items.length) return [...items];
  return Array.from({ length: n }, (_, i) => items[Math.floor((i * items.length) / n)] as T);
}

/** Attention heatmaps (output word × source word) for a few short test sentences. */
function attentionHeatmaps(translator: Translator, corpus: TranslationCorpus): ReportSection[] {
  const picks = corpus.testGroups.filter((g) => tokens(g.source).length >= 4 && tokens(g.source).length <= 8).slice(0, 3);
  const out = translator.translateDetailed(picks.map((g) => g.source));
  return out.flatMap((t, i) => {
    const g = picks[i];
    if (!g || !t.attention) return [];
    const src = translator.sourceVocab.decodeTokens(translator.encodeSource(g.source));
    const yLabels = [...translator.targetVocab.decodeTokens(t.ids), '<eos>'].slice(0, t.attention.length);
    const values = t.attention.slice(0, yLabels.length).map((row) => row.slice(0, src.length));
    return [heatmap({ title: `Attention: "${g.source}" → "${t.text}"`, x: 'English source', y: 'French output', xLabels: src, yLabels, values })];
  });
}
