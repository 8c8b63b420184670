import { checkInteger, checkKnownOptions, checkOneOf, describeValue, ValueError } from '@rnn/core';
import { corpusBleu, Mean, SparseCategoricalAccuracy } from '@rnn/metrics';
import * as tf from '@tensorflow/tfjs';
import { greedy } from '../decoding/greedy.js';
import type { Seq2Seq } from '../model/seq2seq.js';
import { sequenceLoss } from '../model/sequence-loss.js';
import { checkEpochBatches, checkTrainingData } from './check-training-data.js';
import { epochBatches, type Seq2SeqBatch, type Seq2SeqBatchSource, targetTokenCount } from './seq2seq-batch.js';

/**
 * A validation metric:
 * - `'loss'`: teacher-forced masked cross-entropy, mean per target token;
 * - `'accuracy'`: teacher-forced next-token accuracy over real target tokens;
 * - `'exactMatch'`: fraction of sequences whose greedy decoding equals the target exactly;
 * - `'bleu'`: corpus BLEU in [0, 1] (NLTK `corpus_bleu`, via @rnn/metrics `corpusBleu`) of greedy decodings against the targets, on token ids.
 *
 * @example
 * ```ts
 * const m: ValidationMetric = 'exactMatch';
 * ```
 */
export type ValidationMetric = 'loss' | 'accuracy' | 'exactMatch' | 'bleu';

const VALIDATION_METRICS: readonly ValidationMetric[] = ['loss', 'accuracy', 'exactMatch', 'bleu'];

/**
 * Options of {@link evaluate}.
 *
 * @example
 * ```ts
 * await evaluate(model, val, { metrics: ['bleu'], maxLength: 40 });
 * ```
 */
export interface EvaluateArgs {
  /** Metrics to compute. Default: `['loss', 'accuracy']`. */
  metrics?: readonly ValidationMetric[];
  /** Rows per batch when `data` is a list of pairs. Default: 64. */
  batchSize?: number;
  /** `maxLength` of the greedy decoding used by `'exactMatch'` and `'bleu'`. Default: 50. */
  maxLength?: number;
}

/**
 * Metric values computed by {@link evaluate}.
 *
 * @example
 * ```ts
 * const r: EvaluationResult = await evaluate(model, val); r.loss;
 * ```
 */
export type EvaluationResult = Partial<Record<ValidationMetric, number>>;

/** Drop padding and the final `<eos>` from a target row. */
function goldTokens(row: readonly number[], eosId: number): number[] {
  const out: number[] = [];
  for (const v of row) {
    if (v === 0 || v === eosId) break;
    out.push(v);
  }
  return out;
}

/**
 * Evaluate a model on held-out data (no dropout, no gradient).
 *
 * @throws ValueError for an unknown or invalid option, empty data or an id out of the model's vocabularies
 *   (checked before any tensor is made).
 * @example
 * ```ts
 * const r = await evaluate(model, valPairs, { metrics: ['loss', 'exactMatch'] });
 * r.exactMatch; // e.g. 0.993
 * ```
 */
export async function evaluate(model: Seq2Seq, data: Seq2SeqBatchSource, options: EvaluateArgs = {}): Promise<EvaluationResult> {
  checkKnownOptions('EvaluateArgs', options, ['metrics', 'batchSize', 'maxLength']);
  const metrics = options.metrics ?? ['loss', 'accuracy'];
  if (!Array.isArray(metrics)) throw new ValueError(`Expected \`metrics\` to be an array of metric names, but got ${describeValue(metrics)}.`);
  for (const m of metrics) checkOneOf('metrics[]', m, VALIDATION_METRICS);
  const batchSize = checkInteger('batchSize', options.batchSize ?? 64);
  if (options.maxLength !== undefined) checkInteger('maxLength', options.maxLength);
  checkTrainingData(data, model.config, 'data');
  const batches: Seq2SeqBatch[] = epochBatches(data, 0, batchSize, false, 0);
  if (typeof data === 'function') checkEpochBatches(batches, model.config, 'data', 0);
  const loss = new Mean();
  const accuracy = new SparseCategoricalAccuracy({ maskValue: 0 });
  let exact = 0;
  let rows = 0;
  const hyps: string[][] = [];
  const refs: string[][][] = [];
  const eos = model.config.eosId;
  for (const batch of batches) {
    if (metrics.includes('loss') || metrics.includes('accuracy')) {
      tf.tidy(() => {
        const src = tf.tensor2d(batch.source.values as number[][], undefined, 'int32');
        const tgt = tf.tensor2d(batch.target.values as number[][], undefined, 'int32');
        const logits = model.logits(src, tgt);
        loss.update(sequenceLoss(logits, tgt), targetTokenCount(batch));
        accuracy.update(tgt, logits);
      });
    }
    if (metrics.includes('exactMatch') || metrics.includes('bleu')) {
      const decoded = greedy(model, batch.source.values, { maxLength: options.maxLength });
      batch.target.values.forEach((row, i) => {
        const gold = goldTokens(row, eos);
        const hyp = decoded.tokens[i] as number[];
        if (hyp.length === gold.length && hyp.every((v, j) => v === gold[j])) exact++;
        hyps.push(hyp.map(String));
        refs.push([gold.map(String)]);
      });
    }
    rows += batch.target.values.length;
  }
  const out: EvaluationResult = {};
  if (metrics.includes('loss')) out.loss = loss.result();
  if (metrics.includes('accuracy')) out.accuracy = accuracy.result();
  if (metrics.includes('exactMatch')) out.exactMatch = exact / Math.max(rows, 1);
  if (metrics.includes('bleu')) out.bleu = corpusBleu(refs, hyps);
  return out;
}
