import { checkKnownOptions, checkOneOf, describeValue, FileFormatError, ValueError } from '@rnn/core';
import { normalizeForTranslation } from '@rnn/data';
import type { Vocabulary } from '@rnn/tokenizers';
import { BEAM_SEARCH_OPTIONS, type BeamSearchArgs, beamSearch } from '../decoding/beam-search.js';
import { DECODE_OPTIONS, type DecodeResult } from '../decoding/decode-result.js';
import { type GreedyArgs, greedy } from '../decoding/greedy.js';
import { SAMPLE_OPTIONS, type SampleArgs, sample } from '../decoding/sample.js';
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
export type TranslatorDecoding = ({ strategy: 'greedy' } & GreedyArgs) | ({ strategy: 'beam' } & BeamSearchArgs) | ({ strategy: 'sample' } & SampleArgs);

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
  /** Source vocabulary (`size` must equal `model.config.sourceVocabSize`). */
  sourceVocab: V;
  /** Target vocabulary (`size` must equal `model.config.targetVocabSize`). */
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
  /**
   * Why the model was not run (the text is then `''`): `'empty'` when the sentence has no token after normalising
   * and tokenising, `'unknown'` when every token is `<unk>`; null for a translated sentence.
   */
  skipped: TranslationSkip | null;
}

/**
 * Why a sentence was not translated (see {@link Translation.skipped}).
 *
 * @example
 * ```ts
 * translator.translateDetailed(['xyzzy'])[0]?.skipped; // 'unknown'
 * ```
 */
export type TranslationSkip = 'empty' | 'unknown';

/**
 * Defaults of {@link TranslatorArgs}.
 *
 * @example
 * ```ts
 * TRANSLATOR_DEFAULTS.decoding; // { strategy: 'beam', beamWidth: 4 }
 * ```
 */
export const TRANSLATOR_DEFAULTS = { decoding: { strategy: 'beam', beamWidth: 4 } } as const satisfies Partial<TranslatorArgs>;

const DECODING_OPTIONS: Record<TranslatorDecoding['strategy'], readonly string[]> = {
  greedy: ['strategy', ...DECODE_OPTIONS],
  beam: ['strategy', ...BEAM_SEARCH_OPTIONS],
  sample: ['strategy', ...SAMPLE_OPTIONS],
};

/** Check `decoding`'s strategy and option names (the values are checked by the decoder). */
function checkDecoding(decoding: TranslatorDecoding): TranslatorDecoding {
  if (decoding === null || typeof decoding !== 'object') {
    throw new ValueError(`Expected \`decoding\` to be an object such as { strategy: 'beam', beamWidth: 4 }, but got ${describeValue(decoding)}.`);
  }
  const strategy = checkOneOf('decoding.strategy', decoding.strategy, ['greedy', 'beam', 'sample'] as const);
  checkKnownOptions(`TranslatorArgs.decoding (strategy ${JSON.stringify(strategy)})`, decoding, DECODING_OPTIONS[strategy]);
  return decoding;
}

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

  /** @throws ValueError when a vocabulary's size does not match the model, or for an unknown option or decoding option. */
  constructor(args: TranslatorArgs<V>) {
    if (args === null || typeof args !== 'object') throw new ValueError(`Expected TranslatorArgs to be an object, but got ${describeValue(args)}.`);
    checkKnownOptions('TranslatorArgs', args, ['model', 'sourceVocab', 'targetVocab', 'normalize', 'tokenize', 'detokenize', 'decoding']);
    for (const key of ['model', 'sourceVocab', 'targetVocab'] as const) {
      if (args[key] == null) throw new ValueError(`Expected TranslatorArgs.${key}, but it is ${describeValue(args[key])}.`);
    }
    for (const key of ['normalize', 'tokenize', 'detokenize'] as const) {
      if (args[key] !== undefined && typeof args[key] !== 'function') {
        throw new ValueError(`Expected \`${key}\` to be a function, but got ${describeValue(args[key])}.`);
      }
    }
    this.model = args.model;
    this.sourceVocab = args.sourceVocab;
    this.targetVocab = args.targetVocab;
    if (args.sourceVocab.size !== args.model.config.sourceVocabSize) {
      throw new ValueError(
        `Expected \`sourceVocab\` to have ${args.model.config.sourceVocabSize} entries (sourceVocabSize), but it has ${args.sourceVocab.size}.`,
      );
    }
    if (args.targetVocab.size !== args.model.config.targetVocabSize) {
      throw new ValueError(
        `Expected \`targetVocab\` to have ${args.model.config.targetVocabSize} entries (targetVocabSize), but it has ${args.targetVocab.size}.`,
      );
    }
    this.normalize = args.normalize ?? ((t) => normalizeForTranslation(t));
    this.tokenize = args.tokenize;
    this.detokenize = args.detokenize;
    this.decoding = checkDecoding(args.decoding ?? TRANSLATOR_DEFAULTS.decoding);
  }

  /** Source ids of a sentence (normalised, tokenised, encoded; no `<bos>`/`<eos>`). */
  encodeSource(text: string): number[] {
    if (typeof text !== 'string') throw new ValueError(`Expected \`text\` to be a string, but got ${describeValue(text)}.`);
    const clean = this.normalize(text);
    return this.sourceVocab.encode(this.tokenize ? this.tokenize(clean) : clean);
  }

  /** Target ids of a sentence for training: encoded tokens followed by `<eos>` (no `<bos>`). */
  encodeTarget(text: string): number[] {
    if (typeof text !== 'string') throw new ValueError(`Expected \`text\` to be a string, but got ${describeValue(text)}.`);
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

  /**
   * Translate sentences (batched).
   *
   * The model only sees sentences it can read. A sentence with no token after normalising and tokenising (`''`,
   * only spaces, or only characters the normaliser drops, such as emoji with the default one), and one whose
   * tokens are all unknown to the source vocabulary (all `<unk>`, when the vocabulary has an `unkId`), translate
   * to `''` instead of a made-up sentence; {@link Translator.translateDetailed} says which (`skipped`).
   *
   * @param texts - the sentences.
   * @throws ValueError when `texts` is not an array of strings (naming the bad entry).
   * @example
   * ```ts
   * translator.translate(['Je suis content.', '', '😀', 'xyzzy']); // ['i m happy .', '', '', '']
   * ```
   */
  translate(texts: readonly string[]): string[] {
    return this.translateDetailed(texts).map((t) => t.text);
  }

  /**
   * Translate sentences and return ids, log-probabilities and attention too (same rules as {@link Translator.translate};
   * a skipped sentence gives `{ text: '', ids: [], logProb: 0, attention: [] or null, skipped: 'empty' | 'unknown' }`).
   *
   * @throws ValueError as {@link Translator.translate}.
   * @example
   * ```ts
   * translator.translateDetailed(['Il est grand.', 'xyzzy']).map((t) => t.skipped); // [null, 'unknown']
   * ```
   */
  translateDetailed(texts: readonly string[]): Translation[] {
    if (!Array.isArray(texts)) throw new ValueError(`Expected \`texts\` to be an array of strings, but got ${describeValue(texts)}.`);
    const unk = this.sourceVocab.unkId;
    const sources = texts.map((t: unknown, i) => {
      if (typeof t !== 'string') throw new ValueError(`Expected \`texts[${i}]\` to be a string, but got ${describeValue(t)}.`);
      return this.encodeSource(t);
    });
    const skipped = sources.map((ids): TranslationSkip | null => {
      if (ids.length === 0) return 'empty';
      return unk !== undefined && ids.every((id) => id === unk) ? 'unknown' : null;
    });
    const out: Translation[] = skipped.map((skip) => ({
      text: '',
      ids: [],
      logProb: 0,
      attention: this.model.config.attention === 'none' ? null : [],
      skipped: skip,
    }));
    const rows = skipped.flatMap((skip, i) => (skip === null ? [i] : []));
    if (rows.length === 0) return out;
    const src = rows.map((i) => sources[i] as number[]);
    const { strategy, ...options } = this.decoding;
    let r: DecodeResult;
    if (strategy === 'greedy') r = greedy(this.model, src, options);
    else if (strategy === 'sample') r = sample(this.model, src, options);
    else r = beamSearch(this.model, src, options);
    rows.forEach((row, k) => {
      const ids = r.tokens[k] as number[];
      out[row] = {
        text: this.detokenize ? this.detokenize(this.targetVocab.decodeTokens(ids)) : this.targetVocab.decode(ids),
        ids,
        logProb: r.logProbs[k] as number,
        attention: r.attention ? (r.attention[k] as number[][]) : null,
        skipped: null,
      };
    });
    return out;
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
    checkKnownOptions('Translator.load options', options, ['normalize', 'tokenize', 'detokenize', 'decoding', 'vocabularyFromJSON']);
    const { vocabularyFromJSON, ...rest } = options;
    const loaded = await loadSeq2Seq<W>(location, { vocabularyFromJSON, trainingState: false });
    if (!loaded.sourceVocab || !loaded.targetVocab) {
      loaded.model.dispose();
      throw new FileFormatError(
        `Expected the bundle in ${typeof location === 'string' ? location : location.location} to contain both vocabularies, but ${loaded.sourceVocab ? 'target' : 'source'}-vocab.json is missing.`,
      );
    }
    return new Translator<W>({ ...rest, model: loaded.model, sourceVocab: loaded.sourceVocab, targetVocab: loaded.targetVocab });
  }

  /** Dispose the model. */
  dispose(): void {
    this.model.dispose();
  }
}
