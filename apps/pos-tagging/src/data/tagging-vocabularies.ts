import { FileFormatError, type Rng } from '@rnn/core';
import type { TaggedSentence } from '@rnn/data';
import { Vocabulary, type VocabularyJson } from '@rnn/tokenizers';
import { WORD_SHAPES, wordShape } from './word-shape.js';

/**
 * How words unseen in train are fed: all as the one `<unk>` token (`single`), or as the token of their
 * spelling class (`shape`: `<unk-num>`, `<unk-cap>`, `<unk-ing>`…, see {@link WORD_SHAPES}).
 *
 * @example
 * ```ts
 * TaggingVocabularies.fromSentences(train, { oov: 'shape' satisfies OovMode });
 * ```
 */
export type OovMode = 'single' | 'shape';
/**
 * Every {@link OovMode}.
 *
 * @example
 * ```ts
 * OOV_MODES; // ['single', 'shape']
 * ```
 */
export const OOV_MODES: readonly OovMode[] = ['single', 'shape'];

/**
 * The JSON written by {@link TaggingVocabularies.toJSON}.
 *
 * @example
 * ```ts
 * const json: TaggingVocabulariesJson = vocabs.toJSON();
 * ```
 */
export interface TaggingVocabulariesJson {
  words: VocabularyJson;
  tags: VocabularyJson;
  /** Words seen exactly once in train (candidates for `<unk>` replacement). */
  rareWords: string[];
  oov: OovMode;
}

/**
 * Options of {@link TaggingVocabularies.encodeWords}.
 *
 * @example
 * ```ts
 * vocabs.encodeWords(words, { unkReplaceProbability: 0.5, rng: new Rng(1) });
 * ```
 */
export interface EncodeWordsArgs {
  /** With an `rng`: feed each rare (train count 1) word as its OOV token with this probability. Default: 0. */
  unkReplaceProbability?: number;
  /** The random source of the replacement. Default: none (no replacement). */
  rng?: Rng;
}

/**
 * The word and tag vocabularies of the tagger, both built from the TRAINING sentences only
 * (@rnn/tokenizers `Vocabulary`: `<pad>` = 0, `<bos>` = 1, `<eos>` = 2, `<unk>` = 3, then by count).
 * Words are case-sensitive (capitals carry NNP information). A word not seen in train encodes to
 * `<unk>` (or, with `oov: 'shape'`, to the token of its spelling class). Tags use the same layout, so padding is label 0 — what masked accuracy and the masked loss skip.
 *
 * @example
 * ```ts
 * const v = TaggingVocabularies.fromSentences(train);
 * v.encodeWords(['The', 'zyzzyva']); // [id of 'The', 3]
 * v.tagNames([v.tags.tokenToId('DT')]); // ['DT']
 * ```
 */
export class TaggingVocabularies {
  private constructor(
    readonly words: Vocabulary,
    readonly tags: Vocabulary,
    private readonly rare: ReadonlySet<string>,
    /** How unseen words are fed (see {@link OovMode}). */
    readonly oov: OovMode,
  ) {}

  /** Build from the training sentences. With `oov: 'shape'` the {@link WORD_SHAPES} tokens come first (ids 4…15). */
  static fromSentences(train: readonly TaggedSentence[], args: { oov: OovMode } = { oov: 'single' }): TaggingVocabularies {
    const counts = new Map<string, number>();
    for (const s of train) for (const w of s.words) counts.set(w, (counts.get(w) ?? 0) + 1);
    const rare = new Set([...counts].filter(([, c]) => c === 1).map(([w]) => w));
    let words = Vocabulary.fromTexts(train.map((s) => s.words));
    if (args.oov === 'shape') {
      const shapes: ReadonlySet<string> = new Set(WORD_SHAPES);
      words = new Vocabulary([...WORD_SHAPES, ...words.tokens.slice(words.unkId + 1).filter((w) => !shapes.has(w))]);
    }
    return new TaggingVocabularies(words, Vocabulary.fromTexts(train.map((s) => s.tags)), rare, args.oov);
  }

  /** Restore from {@link TaggingVocabularies.toJSON}. */
  static fromJSON(json: TaggingVocabulariesJson): TaggingVocabularies {
    if (!json || typeof json !== 'object' || !json.words || !json.tags || !Array.isArray(json.rareWords) || !OOV_MODES.includes(json.oov)) {
      throw new FileFormatError('Expected vocabularies.json to hold { words, tags, rareWords, oov }, but it does not.');
    }
    return new TaggingVocabularies(Vocabulary.fromJSON(json.words), Vocabulary.fromJSON(json.tags), new Set(json.rareWords), json.oov);
  }

  toJSON(): TaggingVocabulariesJson {
    return { words: this.words.toJSON(), tags: this.tags.toJSON(), rareWords: [...this.rare], oov: this.oov };
  }

  /** Number of output classes of the tagger (the tag vocabulary size, reserved ids included). */
  get numClasses(): number {
    return this.tags.size;
  }

  /** The first id of a real tag (ids below it are `<pad>`, `<bos>`, `<eos>`, `<unk>`). */
  get firstTagId(): number {
    return this.tags.unkId + 1;
  }

  /** True when `word` was seen in train. */
  isKnown(word: string): boolean {
    return this.words.tokenToId(word) !== this.words.unkId;
  }

  /** The id an unseen word is fed as: `<unk>`, or its shape token in `shape` mode. */
  oovId(word: string): number {
    return this.oov === 'shape' ? this.words.tokenToId(wordShape(word)) : this.words.unkId;
  }

  /**
   * Word ids; unseen words → {@link TaggingVocabularies.oovId}, and words seen once in train too, with
   * probability `unkReplaceProbability` (training only).
   */
  encodeWords(words: readonly string[], args: EncodeWordsArgs = {}): number[] {
    const ids = this.words.encode(words);
    const p = args.unkReplaceProbability ?? 0;
    words.forEach((w, i) => {
      if (ids[i] === this.words.unkId) ids[i] = this.oovId(w);
      else if (args.rng && p > 0 && this.rare.has(w) && args.rng.next() < p) ids[i] = this.oovId(w);
    });
    return ids;
  }

  /** Tag ids (a tag never seen in train → `<unk>`, which the model never predicts). */
  encodeTags(tags: readonly string[]): number[] {
    return this.tags.encode(tags);
  }

  /** Tag names of ids. */
  tagNames(ids: readonly number[]): string[] {
    return this.tags.decodeTokens(ids);
  }
}
