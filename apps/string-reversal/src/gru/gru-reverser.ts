import { describeValue, Rng, ValueError } from '@rnn/core';
import {
  type BatchEndInfo,
  type EpochLogs,
  evaluate,
  fit,
  greedy,
  loadSeq2Seq,
  Seq2Seq,
  type Seq2SeqBatch,
  type Seq2SeqConfig,
  type Seq2SeqPair,
  saveSeq2Seq,
} from '@rnn/seq2seq/node';
import type { Vocabulary } from '@rnn/tokenizers';
import { Vocabulary as VocabularyClass } from '@rnn/tokenizers';
import { reverseString } from './reversal-data.js';

/** How the GRU's learning rate changes over a run: constant, or a half cosine down to 5% of the base rate. */
export type LearningRateDecay = 'none' | 'cosine';

/** Training options of {@link GruReverser.train}. */
export interface GruTrainArgs {
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Learning-rate decay over the whole run. Default: `'none'`. */
  learningRateDecay?: LearningRateDecay;
  /** Optimizer steps per epoch (needed by the `'cosine'` decay). */
  stepsPerEpoch?: number;
  seed: number;
  onEpochEnd?: (logs: EpochLogs) => void;
  onBatchEnd?: (info: BatchEndInfo) => void;
}

/**
 * The larger reverser: a GRU encoder-decoder from @rnn/seq2seq over a character vocabulary (with
 * attention, see the config), trained with teacher forcing and decoded greedily.
 *
 * @example
 * ```ts
 * const r = GruReverser.create(vocab, { units: 64, embeddingDim: 16, attention: 'luongGeneral' });
 * await r.train(trainStrings, { epochs: 8, batchSize: 64, learningRate: 5e-3, seed: 1 });
 * r.reverse(['hello']); // ['olleh']
 * ```
 */
export class GruReverser {
  private constructor(
    readonly model: Seq2Seq,
    readonly vocab: Vocabulary,
  ) {}

  /** A fresh model for `vocab` (source and target share it). */
  static create(vocab: Vocabulary, config: Omit<Seq2SeqConfig, 'sourceVocabSize' | 'targetVocabSize'>): GruReverser {
    return new GruReverser(new Seq2Seq({ ...config, sourceVocabSize: vocab.size, targetVocabSize: vocab.size, cell: 'gru' }), vocab);
  }

  /** Load a model saved with {@link GruReverser.save}. */
  static async load(dir: string): Promise<GruReverser> {
    const { model, sourceVocab } = await loadSeq2Seq(dir, { vocabularyFromJSON: (j) => VocabularyClass.fromJSON(j as never), trainingState: false });
    if (!sourceVocab) throw new ValueError(`Expected a source vocabulary in the GRU bundle ${dir}, but there is none.`);
    return new GruReverser(model, sourceVocab);
  }

  /** Save model and vocabulary with @rnn/seq2seq's `saveSeq2Seq`. */
  async save(dir: string): Promise<void> {
    await saveSeq2Seq(dir, this.model, { sourceVocab: this.vocab, targetVocab: this.vocab });
  }

  /** `{ source, target }` id pairs: the string and its reverse followed by `<eos>`. */
  pairs(strings: readonly string[]): Seq2SeqPair[] {
    return strings.map((s) => ({ source: this.encode(s), target: this.vocab.encode(reverseString(s), { addEos: true }) }));
  }

  private encode(s: string): number[] {
    const ids = this.vocab.encode(s);
    const bad = ids.indexOf(this.vocab.unkId);
    if (bad >= 0 || ids.length === 0) {
      const letters = this.vocab.tokens.slice(4).join('');
      throw new ValueError(`Expected a non-empty string over the letters "${letters}", but got ${describeValue(s)}.`);
    }
    return ids;
  }

  /**
   * Train in place with @rnn/seq2seq's `fit` (Adam, teacher forcing, gradient norm clipped to 1) on
   * `stringsOf(epoch)`: the strings are shuffled and cut into batches that mix every length (padded
   * with 0; the model masks padding). Batches of one length each made training oscillate: a step
   * on length-1 strings undid what the previous step on length-10 strings had learned.
   */
  async train(stringsOf: (epoch: number) => readonly string[], args: GruTrainArgs) {
    const pad = (rows: readonly (readonly number[])[]) => {
      const width = Math.max(...rows.map((r) => r.length));
      return rows.map((r) => [...r, ...new Array<number>(width - r.length).fill(0)]);
    };
    const batches = (epoch: number): Seq2SeqBatch[] => {
      const pairs = this.pairs(stringsOf(epoch));
      const rng = new Rng(args.seed * 31 + epoch);
      for (let i = pairs.length - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        [pairs[i], pairs[j]] = [pairs[j] as Seq2SeqPair, pairs[i] as Seq2SeqPair];
      }
      const out: Seq2SeqBatch[] = [];
      for (let i = 0; i < pairs.length; i += args.batchSize) {
        const chunk = pairs.slice(i, i + args.batchSize);
        out.push({ source: { values: pad(chunk.map((p) => p.source)) }, target: { values: pad(chunk.map((p) => p.target)) } });
      }
      return out;
    };
    return fit(this.model, batches, {
      epochs: args.epochs,
      batchSize: args.batchSize,
      learningRate: args.learningRate,
      learningRateSchedule: cosineSchedule(args),
      clipNorm: 1,
      seed: args.seed,
      progressBar: false,
      callbacks: { onEpochEnd: args.onEpochEnd, onBatchEnd: args.onBatchEnd },
    });
  }

  /** Exact-match accuracy (greedy decoding) and token loss on `strings`. */
  async evaluate(strings: readonly string[]): Promise<{ exactMatch: number; loss: number }> {
    const maxLen = Math.max(...strings.map((s) => Array.from(s).length)) + 2;
    const r = await evaluate(this.model, this.pairs(strings), { metrics: ['loss', 'exactMatch'], maxLength: maxLen });
    return { exactMatch: r.exactMatch ?? Number.NaN, loss: r.loss ?? Number.NaN };
  }

  /** Reverse strings by greedy decoding (strings of equal length are decoded as one batch). */
  reverse(strings: readonly string[]): string[] {
    const ids = strings.map((s) => this.encode(s));
    const out: string[] = new Array(strings.length).fill('');
    const byLength = new Map<number, number[]>();
    ids.forEach((row, i) => {
      byLength.set(row.length, [...(byLength.get(row.length) ?? []), i]);
    });
    for (const [len, rows] of byLength) {
      const r = greedy(
        this.model,
        rows.map((i) => ids[i] as number[]),
        { maxLength: len + 5 },
      );
      rows.forEach((i, k) => {
        out[i] = this.vocab.decode(r.tokens[k] ?? [], { skipSpecial: true });
      });
    }
    return out;
  }

  /** Free the model's weights. */
  dispose(): void {
    this.model.dispose();
  }
}

/** Multiplier of the base learning rate at optimizer step `i` (0-based): 1 → 0.05 along a half cosine. */
function cosineSchedule(args: GruTrainArgs): ((step: number) => number) | undefined {
  if ((args.learningRateDecay ?? 'none') === 'none') return undefined;
  if (!args.stepsPerEpoch) throw new ValueError('Expected `stepsPerEpoch` with the cosine learning-rate decay, but got none.');
  const total = Math.max(1, args.epochs * args.stepsPerEpoch - 1);
  return (step) => 0.05 + 0.95 * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, step / total)));
}
