import { checkInteger, checkKnownOptions, describeValue, FileFormatError, ValueError } from '@rnn/core';
import { parseOrderedDict, pyJsonDict, pyJsonObject, pyJsonString } from './keras-json.js';
import { checkSplit, KERAS_DEFAULT_FILTERS, splitWords } from './text-to-word-sequence.js';

/**
 * A text: a string, or (as in Keras) an array of tokens that is used as-is apart from lower-casing.
 *
 * @example
 * ```ts
 * const texts: TokenizerText[] = ['The cat sat.', ['New', 'York']];
 * ```
 */
export type TokenizerText = string | readonly string[];

/**
 * Constructor options of {@link Tokenizer}, the camelCase names of Keras' keyword arguments.
 *
 * @example
 * ```ts
 * const args: TokenizerArgs = { numWords: 10000, oovToken: '<OOV>' }; // Keras: num_words=10000, oov_token='<OOV>'
 * ```
 */
export interface TokenizerArgs {
  /**
   * Keep only word indices `< numWords` when converting (the `numWords - 1` most frequent words);
   * `null` or `0` keeps all. Fitting always indexes every word. Default: `null`.
   */
  numWords?: number | null;
  /** Characters replaced by `split` before splitting (ignored when `charLevel`). Default: {@link KERAS_DEFAULT_FILTERS}. */
  filters?: string;
  /** Lower-case texts (and pre-tokenized tokens) first. Default: `true`. */
  lower?: boolean;
  /** Word separator, non-empty. Default: `' '`. */
  split?: string;
  /** Treat every character (code point) as a token; `filters` and `split` are then not used. Default: `false`. */
  charLevel?: boolean;
  /** Token put at index 1 and used for out-of-vocabulary words; `null` drops them. Default: `null`. */
  oovToken?: string | null;
}

/**
 * Defaults of {@link TokenizerArgs}, identical to Keras'.
 *
 * @example
 * ```ts
 * TOKENIZER_DEFAULTS.lower; // true
 * ```
 */
export const TOKENIZER_DEFAULTS = {
  numWords: null,
  filters: KERAS_DEFAULT_FILTERS,
  lower: true,
  split: ' ',
  charLevel: false,
  oovToken: null,
} as const;

const KNOWN_ARGS = ['numWords', 'filters', 'lower', 'split', 'charLevel', 'oovToken'] as const;

/**
 * The `config` object inside Keras' tokenizer JSON (the five tables are JSON-encoded strings).
 *
 * @example
 * ```ts
 * const wordIndex = JSON.parse(tok.toJSON().config.word_index); // { '<OOV>': 1, the: 2, ... }
 * ```
 */
export interface KerasTokenizerConfig {
  num_words: number | null;
  filters: string;
  lower: boolean;
  split: string;
  char_level: boolean;
  oov_token: string | null;
  document_count: number;
  word_counts: string;
  word_docs: string;
  index_docs: string;
  index_word: string;
  word_index: string;
}

/**
 * The object Keras' `tokenizer.to_json()` writes: `{"class_name": "Tokenizer", "config": {...}}`.
 *
 * @example
 * ```ts
 * const json: KerasTokenizerJson = JSON.parse(fs.readFileSync('tokenizer.json', 'utf8'));
 * json.config.num_words; // e.g. 10000 or null
 * ```
 */
export interface KerasTokenizerJson {
  class_name: 'Tokenizer';
  config: KerasTokenizerConfig;
}

/**
 * Text tokenizer with the exact behaviour of Keras' `keras.preprocessing.text.Tokenizer`
 * (keras_preprocessing 1.1, re-exported by tf.keras 2.x), so preprocessing moves over unchanged.
 *
 * Index 0 is reserved (padding). After fitting, words get indices from 1 by descending count, ties
 * broken by first appearance; with an `oovToken` it takes index 1 and the words follow from 2.
 *
 * @remarks
 * Faithful to Keras down to its quirks: if `oovToken` itself occurs in the texts, Keras' index
 * table gives it the index of its count rank and index 1 is left unused; `numWords` only affects
 * conversion. `texts_to_matrix` / `fit_on_sequences` are not provided.
 *
 * @example
 * ```ts
 * const tok = new Tokenizer({ oovToken: '<OOV>' });
 * tok.fitOnTexts(['The cat sat.', 'The dog!']);
 * tok.textsToSequences(['the zebra sat']); // [[2, 1, 4]]
 * tok.sequencesToTexts([[2, 3]]); // ['the cat']
 * JSON.stringify(tok); // Keras tokenizer JSON, loadable by tokenizer_from_json
 * ```
 */
export class Tokenizer {
  /** Keras class name used in the JSON. */
  static readonly className = 'Tokenizer';

  readonly numWords: number | null;
  readonly filters: string;
  readonly lower: boolean;
  readonly split: string;
  readonly charLevel: boolean;
  readonly oovToken: string | null;

  private readonly filterSet: ReadonlySet<string>;
  private docCount = 0;
  private readonly counts = new Map<string, number>();
  private readonly docs = new Map<string, number>();
  private readonly idxDocs = new Map<number, number>();
  private wordIdx = new Map<string, number>();
  private idxWord = new Map<number, string>();

  /**
   * @param args - see {@link TokenizerArgs}; unknown option names throw.
   * @throws ValueError naming the option and the value when an option is invalid.
   */
  constructor(args: TokenizerArgs = {}) {
    checkKnownOptions('Tokenizer options', args, KNOWN_ARGS);
    const numWords = args.numWords ?? TOKENIZER_DEFAULTS.numWords;
    if (numWords !== null) checkInteger('numWords', numWords, 0);
    this.numWords = numWords;
    this.filters = checkString('filters', args.filters ?? TOKENIZER_DEFAULTS.filters);
    this.lower = checkBoolean('lower', args.lower ?? TOKENIZER_DEFAULTS.lower);
    this.split = args.split ?? TOKENIZER_DEFAULTS.split;
    checkSplit(this.split);
    this.charLevel = checkBoolean('charLevel', args.charLevel ?? TOKENIZER_DEFAULTS.charLevel);
    const oov = args.oovToken ?? TOKENIZER_DEFAULTS.oovToken;
    this.oovToken = oov === null ? null : checkString('oovToken', oov);
    this.filterSet = new Set(this.filters);
  }

  /** Number of texts fitted so far (accumulates over `fitOnTexts` calls). */
  get documentCount(): number {
    return this.docCount;
  }

  /** Word → index (from 1), in Keras' order: OOV token first, then count descending, ties by first appearance. */
  get wordIndex(): ReadonlyMap<string, number> {
    return this.wordIdx;
  }

  /** Index → word, the inverse of {@link Tokenizer.wordIndex}. */
  get indexWord(): ReadonlyMap<number, string> {
    return this.idxWord;
  }

  /** Word → number of occurrences over all fitted texts, in first-appearance order. */
  get wordCounts(): ReadonlyMap<string, number> {
    return this.counts;
  }

  /** Word → number of fitted texts containing it. */
  get wordDocs(): ReadonlyMap<string, number> {
    return this.docs;
  }

  /** Index → number of fitted texts containing that word. */
  get indexDocs(): ReadonlyMap<number, number> {
    return this.idxDocs;
  }

  /**
   * Update the vocabulary from `texts`; several calls accumulate counts and re-rank every word.
   *
   * @param texts - strings, or arrays of tokens (used as-is apart from lower-casing).
   * @throws ValueError when `texts` is not an array or a text is not a string / string array.
   * @example
   * ```ts
   * const tok = new Tokenizer();
   * tok.fitOnTexts(['a b b']);
   * tok.fitOnTexts([['c', 'c', 'c']]);
   * [...tok.wordIndex]; // [['c', 1], ['b', 2], ['a', 3]]
   * ```
   */
  fitOnTexts(texts: readonly TokenizerText[]): void {
    const seqs = this.tokenizeAll('texts', texts);
    for (const seq of seqs) {
      this.docCount++;
      for (const w of seq) this.counts.set(w, (this.counts.get(w) ?? 0) + 1);
      for (const w of new Set(seq)) this.docs.set(w, (this.docs.get(w) ?? 0) + 1);
    }
    // Keras: a stable sort of the counts (first-appearance order) by count descending, the OOV
    // token prepended, then dict(zip(words, 1..n)) — a repeated key keeps its first position but
    // takes the later index, which a JS Map.set reproduces.
    const ranked = [...this.counts.entries()].sort((a, b) => b[1] - a[1]).map(([w]) => w);
    const vocab = this.oovToken === null ? ranked : [this.oovToken, ...ranked];
    this.wordIdx = new Map();
    vocab.forEach((w, i) => {
      this.wordIdx.set(w, i + 1);
    });
    this.idxWord = new Map();
    for (const [w, i] of this.wordIdx) this.idxWord.set(i, w);
    for (const [w, c] of this.docs) this.idxDocs.set(this.wordIdx.get(w)!, c);
  }

  /**
   * Convert texts to index sequences. Unknown words, and words with index `>= numWords`, become the
   * OOV index when an `oovToken` is set and are dropped otherwise.
   *
   * @param texts - strings or token arrays.
   * @returns one `number[]` per text.
   * @throws ValueError when the tokenizer is not fitted or a text is not a string / string array.
   * @example
   * ```ts
   * const tok = new Tokenizer({ numWords: 3 });
   * tok.fitOnTexts(['a a a b b c']);
   * tok.textsToSequences(['c b a', ['A', 'B']]); // [[2, 1], [1, 2]]
   * ```
   */
  textsToSequences(texts: readonly TokenizerText[]): number[][] {
    this.checkFitted('textsToSequences');
    const seqs = this.tokenizeAll('texts', texts);
    const oovIndex = this.oovToken === null ? undefined : this.wordIdx.get(this.oovToken);
    const numWords = this.numWords;
    return seqs.map((seq) => {
      const out: number[] = [];
      for (const w of seq) {
        const i = this.wordIdx.get(w);
        if (i !== undefined && !(numWords && i >= numWords)) out.push(i);
        else if (oovIndex !== undefined) out.push(oovIndex);
      }
      return out;
    });
  }

  /**
   * Convert index sequences back to space-joined texts, with the same `numWords` / OOV rules as
   * {@link Tokenizer.textsToSequences}; indices not in the vocabulary (like 0) are dropped, or
   * become the OOV token when one is set.
   *
   * @throws ValueError when the tokenizer is not fitted or an entry is not an integer array.
   * @example
   * ```ts
   * const tok = new Tokenizer();
   * tok.fitOnTexts(['hello world']);
   * tok.sequencesToTexts([[0, 1, 2]]); // ['hello world']
   * ```
   */
  sequencesToTexts(sequences: readonly (readonly number[])[]): string[] {
    this.checkFitted('sequencesToTexts');
    if (!Array.isArray(sequences)) {
      throw new ValueError(`Expected \`sequences\` to be an array of number arrays, but got ${describeValue(sequences)}.`);
    }
    const oovIndex = this.oovToken === null ? undefined : this.wordIdx.get(this.oovToken);
    const oovWord = oovIndex === undefined ? undefined : this.idxWord.get(oovIndex);
    const numWords = this.numWords;
    return sequences.map((seq, s) => {
      if (!Array.isArray(seq)) {
        throw new ValueError(`Expected \`sequences[${s}]\` to be an array of integers, but got ${describeValue(seq)}.`);
      }
      const words: string[] = [];
      seq.forEach((num: unknown, j) => {
        if (typeof num !== 'number' || !Number.isInteger(num)) {
          throw new ValueError(`Expected \`sequences[${s}][${j}]\` to be an integer, but got ${describeValue(num)}.`);
        }
        const word = this.idxWord.get(num);
        if (word !== undefined && !(numWords && num >= numWords)) words.push(word);
        else if (oovWord !== undefined) words.push(oovWord);
      });
      return words.join(' ');
    });
  }

  /**
   * The Keras JSON object (`JSON.stringify(tok)` gives the same text as Keras' `tokenizer.to_json()`,
   * byte for byte up to the order of the `word_docs` / `index_docs` tables, which Keras fills from
   * a Python set). Load it in Python with `tokenizer_from_json`.
   *
   * @example
   * ```ts
   * const json = JSON.stringify(tok); // '{"class_name": "Tokenizer", "config": {...}}'
   * const again = Tokenizer.fromJSON(json);
   * ```
   */
  toJSON(): KerasTokenizerJson {
    return {
      class_name: 'Tokenizer',
      config: {
        num_words: this.numWords,
        filters: this.filters,
        lower: this.lower,
        split: this.split,
        char_level: this.charLevel,
        oov_token: this.oovToken,
        document_count: this.docCount,
        word_counts: pyJsonDict(this.counts),
        word_docs: pyJsonDict(this.docs),
        index_docs: pyJsonDict(this.idxDocs),
        index_word: pyJsonDict(this.idxWord),
        word_index: pyJsonDict(this.wordIdx),
      },
    };
  }

  /**
   * The JSON text exactly as Python's `tokenizer.to_json()` formats it (`', '` / `': '` separators,
   * non-ASCII escaped), for byte-level comparisons; `JSON.stringify(tok)` is equivalent for loading.
   *
   * @example
   * ```ts
   * fs.writeFileSync('tokenizer.json', tok.toKerasJsonString());
   * ```
   */
  toKerasJsonString(): string {
    const c = this.toJSON().config;
    const config = pyJsonObject(Object.entries(c) as Array<[string, string | number | boolean | null]>);
    return `{${pyJsonString('class_name')}: ${pyJsonString('Tokenizer')}, ${pyJsonString('config')}: ${config}}`;
  }

  /**
   * Load a tokenizer from Keras' `tokenizer.to_json()` output (a string or the parsed object).
   *
   * @throws FileFormatError when the JSON is not a Keras tokenizer.
   * @example
   * ```ts
   * const tok = Tokenizer.fromJSON(fs.readFileSync('tokenizer.json', 'utf8'));
   * tok.textsToSequences(['hello there']);
   * ```
   */
  static fromJSON(json: string | KerasTokenizerJson): Tokenizer {
    let parsed: unknown = json;
    if (typeof json === 'string') {
      try {
        parsed = JSON.parse(json);
      } catch (err) {
        throw new FileFormatError(`Expected \`json\` to be Keras tokenizer JSON, but it does not parse: ${(err as Error).message}`);
      }
    }
    const config = (parsed as { config?: unknown } | null)?.config;
    if (parsed === null || typeof parsed !== 'object' || config === null || typeof config !== 'object') {
      throw new FileFormatError(`Expected \`json\` to be an object with a \`config\` object (Keras tokenizer JSON), but got ${describeValue(parsed)}.`);
    }
    const className = (parsed as { class_name?: unknown }).class_name;
    if (className !== undefined && className !== 'Tokenizer') {
      throw new FileFormatError(`Expected \`class_name\` to be "Tokenizer", but got ${describeValue(className)}.`);
    }
    const c = config as Partial<Record<keyof KerasTokenizerConfig, unknown>>;
    let tok: Tokenizer;
    try {
      tok = new Tokenizer({
        numWords: (c.num_words ?? null) as number | null,
        filters: (c.filters ?? undefined) as string | undefined,
        lower: (c.lower ?? undefined) as boolean | undefined,
        split: (c.split ?? undefined) as string | undefined,
        charLevel: (c.char_level ?? undefined) as boolean | undefined,
        oovToken: (c.oov_token ?? null) as string | null,
      });
    } catch (err) {
      throw new FileFormatError(`Invalid Keras tokenizer config: ${(err as Error).message}`);
    }
    tok.docCount = c.document_count === undefined ? 0 : checkInteger('config.document_count', c.document_count, 0);
    const num = (field: string, v: unknown): number => {
      if (typeof v !== 'number' || !Number.isInteger(v)) {
        throw new FileFormatError(`Expected the values of \`config.${field}\` to be integers, but got ${describeValue(v)}.`);
      }
      return v;
    };
    const key = (field: string, k: string): number => {
      const n = Number(k);
      if (!Number.isInteger(n)) {
        throw new FileFormatError(`Expected the keys of \`config.${field}\` to be integers, but got ${describeValue(k)}.`);
      }
      return n;
    };
    for (const [w, v] of parseOrderedDict('word_counts', c.word_counts ?? '{}')) tok.counts.set(w, num('word_counts', v));
    for (const [w, v] of parseOrderedDict('word_docs', c.word_docs ?? '{}')) tok.docs.set(w, num('word_docs', v));
    for (const [k, v] of parseOrderedDict('index_docs', c.index_docs ?? '{}')) {
      tok.idxDocs.set(key('index_docs', k), num('index_docs', v));
    }
    for (const [k, v] of parseOrderedDict('index_word', c.index_word ?? '{}')) {
      if (typeof v !== 'string') {
        throw new FileFormatError(`Expected the values of \`config.index_word\` to be strings, but got ${describeValue(v)}.`);
      }
      tok.idxWord.set(key('index_word', k), v);
    }
    for (const [w, v] of parseOrderedDict('word_index', c.word_index ?? '{}')) tok.wordIdx.set(w, num('word_index', v));
    return tok;
  }

  private checkFitted(method: string): void {
    if (this.docCount === 0 && this.wordIdx.size === 0) {
      throw new ValueError(`Tokenizer is not fitted: call \`fitOnTexts\` (or load with \`Tokenizer.fromJSON\`) before \`${method}\`; documentCount is 0.`);
    }
  }

  /** Keras' per-text tokenization: token arrays and char-level texts are only lower-cased. */
  private tokenizeAll(name: string, texts: readonly TokenizerText[]): string[][] {
    if (!Array.isArray(texts)) {
      throw new ValueError(`Expected \`${name}\` to be an array of strings or string arrays, but got ${describeValue(texts)}.`);
    }
    return texts.map((text: unknown, i) => {
      if (Array.isArray(text)) {
        return text.map((t: unknown, j) => {
          if (typeof t !== 'string') {
            throw new ValueError(`Expected \`${name}[${i}][${j}]\` to be a string token, but got ${describeValue(t)}.`);
          }
          return this.lower ? t.toLowerCase() : t;
        });
      }
      if (typeof text !== 'string') {
        throw new ValueError(`Expected \`${name}[${i}]\` to be a string or an array of strings, but got ${describeValue(text)}.`);
      }
      if (this.charLevel) return Array.from(this.lower ? text.toLowerCase() : text);
      return splitWords(text, this.filterSet, this.lower, this.split);
    });
  }
}

function checkString(name: string, value: unknown): string {
  if (typeof value !== 'string') throw new ValueError(`Expected \`${name}\` to be a string, but got ${describeValue(value)}.`);
  return value;
}

function checkBoolean(name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new ValueError(`Expected \`${name}\` to be a boolean, but got ${describeValue(value)}.`);
  return value;
}
