import { checkKnownOptions, FileFormatError, ValueError } from '@rnn/core';
import { normalizeForTranslation } from '@rnn/data';
import type { Vocabulary } from '@rnn/tokenizers';
import { type BeamSearchOptions, beamSearch } from '../decoding/beam-search.js';
import type { DecodeResult } from '../decoding/decode-result.js';
import { type GreedyOptions, greedy } from '../decoding/greedy.js';
import { type SampleOptions, sample } from '../decoding/sample.js';
import type { Seq2Seq } from '../model/seq2seq.js';
import type { BundleStore } from '../persistence/bundle-store.js';
import { loadSeq2Seq } from '../persistence/load-seq2seq.js';
import { saveSeq2Seq } from '../persistence/save-seq2seq.js';
import type { Seq2SeqPair } from '../training/seq2seq-batch.js';
import type { TranslatorVocabulary } from './translator-vocabulary.js';

/**
 * Which decoding a {@link Translator} uses, with its options.
 *
 * @example
 * ```ts
 * const d: TranslatorDecoding = { strategy: 'beam', beamWidth: 5, lengthPenalty: 0.6 };
 * ```
 */
export type TranslatorDecoding =
  | ({ strategy: 'greedy' } & GreedyOptions)
  | ({ strategy: 'beam' } & BeamSearchOptions)
  | ({ strategy: 'sample' } & SampleOptions);

/**
 * Options of {@link Translator}.
 *
 * @example
 * ```ts
 * new Translator({ model, sourceVocab, targetVocab, decoding: { strategy: 'greedy' } });
 * ```
 */
export interface TranslatorArgs<V extends TranslatorVocabulary = Vocabulary> {
  /** The trained model. */
  model: Seq2Seq;
  /** Source vocabulary (`size` must equal `model.config.srcVocabSize`). */
  sourceVocab: V;
  /** Target vocabulary (`size` must equal `model.config.tgtVocabSize`). */
  targetVocab: V;
  /** Text clean-up before tokenising (both sides). Default: @rnn/data `normalizeForTranslation` (lower-case, accents stripped, punctuation split). */
  normalize?: (text: string) => string;
  /** Split normalised text into tokens. Default: the vocabulary's own split (words on whitespace, or characters). */
  tokenize?: (text: string) => string[];
  /** Join output tokens into text. Default: the vocabulary's own join (spaces for words, nothing for characters). */
  detokenize?: (tokens: string[]) => string;
  /** Decoding strategy. Default: `{ strategy: 'beam', beamWidth: 4 }`. */
  decoding?: TranslatorDecoding;
}

/**
 * One translation with its details.
 *
 * @example
 * ```ts
 * translator.translateDetailed(['Bonjour.'])[0]; // { text, ids, logProb, attention }
 * ```
 */
export interface Translation {
  /** Output text. */
  text: string;
  /** Output token ids (no `<bos>`/`<eos>`). */
  ids: number[];
  /** Log-probability of the output under the model. */
  logProb: number;
  /** Attention rows (one per output step) when the model has attention, else null. */
  attention: number[][] | null;
}

/**
 * Defaults of {@link TranslatorArgs}.
 *
 * @example
 * ```ts
 * TRANSLATOR_DEFAULTS.decoding; // { strategy: 'beam', beamWidth: 4 }
 * ```
 */
export const TRANSLATOR_DEFAULTS = { decoding: { strategy: 'beam', beamWidth: 4 } } as const satisfies Partial<TranslatorArgs>;

/**
 * Text in → text out: normalises and tokenises sentences with the source vocabulary, decodes with the
 * model (beam search by default) and turns ids back into text with the target vocabulary. Also builds
 * training pairs with the same pipeline ({@link Translator.encodePairs}) so training and inference agree.
 *
 * @example
 * ```ts
 * const translator = new Translator({ model, sourceVocab, targetVocab });
 * translator.translate(['Je suis content.']); // ['i m happy .']
 * await translator.save('runs/fr-en');
 * const again = await Translator.load('runs/fr-en');
 * ```
 */
export class Translator<V extends TranslatorVocabulary = Vocabulary> {
  /** The model. */
  readonly model: Seq2Seq;
  /** Source vocabulary. */
  readonly sourceVocab: V;
  /** Target vocabulary. */
  readonly targetVocab: V;
  private readonly normalize: (text: string) => string;
  private readonly tokenize: ((text: string) => string[]) | undefined;
  private readonly detokenize: ((tokens: string[]) => string) | undefined;
  private readonly decoding: TranslatorDecoding;

  /** @throws ValueError when a vocabulary's size does not match the model. */
  constructor(args: TranslatorArgs<V>) {
    checkKnownOptions('TranslatorArgs', args, ['model', 'sourceVocab', 'targetVocab', 'normalize', 'tokenize', 'detokenize', 'decoding']);
    this.model = args.model;
    this.sourceVocab = args.sourceVocab;
    this.targetVocab = args.targetVocab;
    if (args.sourceVocab.size !== args.model.config.srcVocabSize) {
      throw new ValueError(`Expected \`sourceVocab\` to have ${args.model.config.srcVocabSize} entries (srcVocabSize), but it has ${args.sourceVocab.size}.`);
    }
    if (args.targetVocab.size !== args.model.config.tgtVocabSize) {
      throw new ValueError(`Expected \`targetVocab\` to have ${args.model.config.tgtVocabSize} entries (tgtVocabSize), but it has ${args.targetVocab.size}.`);
    }
    this.normalize = args.normalize ?? ((t) => normalizeForTranslation(t));
    this.tokenize = args.tokenize;
    this.detokenize = args.detokenize;
    this.decoding = args.decoding ?? TRANSLATOR_DEFAULTS.decoding;
  }

  /** Source ids of a sentence (normalised, tokenised, encoded; no `<bos>`/`<eos>`). */
  encodeSource(text: string): number[] {
    const clean = this.normalize(text);
    return this.sourceVocab.encode(this.tokenize ? this.tokenize(clean) : clean);
  }

  /** Target ids of a sentence for training: encoded tokens followed by `<eos>` (no `<bos>`). */
  encodeTarget(text: string): number[] {
    const clean = this.normalize(text);
    return [...this.targetVocab.encode(this.tokenize ? this.tokenize(clean) : clean), this.model.config.eosId];
  }

  /**
   * Training pairs from text pairs, with exactly the pipeline `translate` uses.
   *
   * @example
   * ```ts
   * await fit(translator.model, translator.encodePairs([['Bonjour.', 'Hello.']]));
   * ```
   */
  encodePairs(pairs: readonly (readonly [string, string])[]): Seq2SeqPair[] {
    return pairs.map(([s, t]) => ({ source: this.encodeSource(s), target: this.encodeTarget(t) }));
  }

  /** Translate sentences (batched). */
  translate(texts: readonly string[]): string[] {
    return this.translateDetailed(texts).map((t) => t.text);
  }

  /** Translate sentences and return ids, log-probabilities and attention too. */
  translateDetailed(texts: readonly string[]): Translation[] {
    if (texts.length === 0) return [];
    const src = texts.map((t) => {
      const ids = this.encodeSource(t);
      return ids.length > 0 ? ids : [0];
    });
    const d = this.decoding;
    let r: DecodeResult;
    if (d.strategy === 'greedy') r = greedy(this.model, src, d);
    else if (d.strategy === 'sample') r = sample(this.model, src, d);
    else r = beamSearch(this.model, src, d);
    return r.tokens.map((ids, i) => ({
      text: this.detokenize ? this.detokenize(this.targetVocab.decodeTokens(ids)) : this.targetVocab.decode(ids),
      ids,
      logProb: r.logProbs[i] as number,
      attention: r.attention ? (r.attention[i] as number[][]) : null,
    }));
  }

  /**
   * Save model and both vocabularies as one bundle (atomically; see {@link saveSeq2Seq}): to
   * `indexeddb://name`, a {@link BundleStore}, or in Node (with `@rnn/seq2seq/node`) a folder path.
   */
  async save(location: string | BundleStore): Promise<void> {
    await saveSeq2Seq(location, this.model, { sourceVocab: this.sourceVocab, targetVocab: this.targetVocab });
  }

  /**
   * Load a translator saved with {@link Translator.save} (or any bundle with both vocabularies): from
   * the URL of a bundle folder served as static files, `indexeddb://name`, a {@link BundleStore}, or
   * in Node (with `@rnn/seq2seq/node`) a folder path.
   *
   * @throws FileFormatError when the bundle lacks a vocabulary (and as {@link loadSeq2Seq}).
   */
  static async load<W extends TranslatorVocabulary = Vocabulary>(
    location: string | BundleStore,
    options: Omit<TranslatorArgs<W>, 'model' | 'sourceVocab' | 'targetVocab'> & { vocabularyFromJSON?: (json: unknown) => W } = {},
  ): Promise<Translator<W>> {
    const { vocabularyFromJSON, ...rest } = options;
    const loaded = await loadSeq2Seq<W>(location, { vocabularyFromJSON, trainingState: false });
    if (!loaded.sourceVocab || !loaded.targetVocab) {
      loaded.model.dispose();
      throw new FileFormatError(`Expected the bundle in ${typeof location === 'string' ? location : location.location} to contain both vocabularies, but ${loaded.sourceVocab ? 'target' : 'source'}-vocab.json is missing.`);
    }
    return new Translator<W>({ ...rest, model: loaded.model, sourceVocab: loaded.sourceVocab, targetVocab: loaded.targetVocab });
  }

  /** Dispose the model. */
  dispose(): void {
    this.model.dispose();
  }
}
