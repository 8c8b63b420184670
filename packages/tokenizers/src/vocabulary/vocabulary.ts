import { checkInteger, checkKnownOptions, describeValue, FileFormatError, ValueError } from '@rnn/core';

/**
 * The reserved tokens, in id order: `<pad>` = 0, `<bos>` = 1, `<eos>` = 2, `<unk>` = 3.
 *
 * @example
 * ```ts
 * SPECIAL_TOKENS.indexOf('<eos>'); // 2
 * ```
 */
export const SPECIAL_TOKENS = ['<pad>', '<bos>', '<eos>', '<unk>'] as const;

/**
 * One of the reserved tokens.
 *
 * @example
 * ```ts
 * const t: SpecialToken = '<unk>';
 * ```
 */
export type SpecialToken = (typeof SPECIAL_TOKENS)[number];

/**
 * How strings are cut into tokens: whitespace-separated words, or characters (code points).
 *
 * @example
 * ```ts
 * Vocabulary.fromTexts(['héllo'], { mode: 'char' }).size; // 4 reserved + 4 distinct chars = 8
 * ```
 */
export type VocabularyMode = 'word' | 'char';

/**
 * Options of {@link Vocabulary.fromTexts} and {@link Vocabulary.fromCounts}.
 *
 * @example
 * ```ts
 * Vocabulary.fromTexts(corpus, { minFrequency: 2, maxSize: 10000 }); // size <= 10000
 * ```
 */
export interface VocabularyArgs {
  /** Keep tokens seen at least this many times. Default: `1`. */
  minFrequency?: number;
  /** Largest total size **including** the 4 reserved tokens (≥ 4); `null` = no limit. Default: `null`. */
  maxSize?: number | null;
  /** `'char'` for character models, `'word'` splits strings on whitespace. Default: `'word'`. */
  mode?: VocabularyMode;
}

/**
 * Defaults of {@link VocabularyArgs}.
 *
 * @example
 * ```ts
 * VOCABULARY_DEFAULTS.minFrequency; // 1
 * ```
 */
export const VOCABULARY_DEFAULTS = { minFrequency: 1, maxSize: null, mode: 'word' } as const;

/**
 * Options of {@link Vocabulary.encode}.
 *
 * @example
 * ```ts
 * vocab.encode('a b', { addBos: true, addEos: true }); // [1, ..., 2]
 * ```
 */
export interface EncodeArgs {
  /** Prepend `<bos>`. Default: `false`. */
  addBos?: boolean;
  /** Append `<eos>`. Default: `false`. */
  addEos?: boolean;
}

/**
 * Options of {@link Vocabulary.decode} and {@link Vocabulary.decodeTokens}.
 *
 * @example
 * ```ts
 * vocab.decode(outputIds, { stopAtEos: true, skipSpecial: true });
 * ```
 */
export interface DecodeArgs {
  /** Stop at the first `<eos>` (it is not returned). Default: `false`. */
  stopAtEos?: boolean;
  /** Leave out `<pad>`, `<bos>`, `<eos>` and `<unk>`. Default: `false`. */
  skipSpecial?: boolean;
}

/**
 * The JSON written by {@link Vocabulary.toJSON}.
 *
 * @example
 * ```ts
 * const json: VocabularyJson = vocab.toJSON(); // { format: 'rnn-ts.vocabulary', version: 1, mode: 'word', tokens: [...] }
 * ```
 */
export interface VocabularyJson {
  format: 'rnn-ts.vocabulary';
  version: 1;
  mode: VocabularyMode;
  /** Every token in id order, reserved tokens first. */
  tokens: string[];
}

/**
 * The current vocabulary JSON format version.
 *
 * @example
 * ```ts
 * new Vocabulary(['a']).toJSON().version === VOCABULARY_FORMAT_VERSION; // true
 * ```
 */
export const VOCABULARY_FORMAT_VERSION = 1;

const BUILD_KNOWN = ['minFrequency', 'maxSize', 'mode'] as const;
const CTOR_KNOWN = ['mode'] as const;
const ENCODE_KNOWN = ['addBos', 'addEos'] as const;
const DECODE_KNOWN = ['stopAtEos', 'skipSpecial'] as const;
const SPECIAL_SET: ReadonlySet<string> = new Set(SPECIAL_TOKENS);

/**
 * A token ↔ id table for seq2seq and character models, with reserved `<pad>` = 0, `<bos>` = 1,
 * `<eos>` = 2 and `<unk>` = 3; the other tokens follow from 4 by count (descending), ties by
 * first appearance, so builds are deterministic. Unknown tokens encode to `<unk>`.
 *
 * @example
 * ```ts
 * const vocab = Vocabulary.fromTexts(['hello world', 'hello there'], { minFrequency: 1 });
 * vocab.size; // 7
 * const ids = vocab.encode('hello moon', { addBos: true, addEos: true }); // [1, 4, 3, 2]
 * vocab.decode(ids, { skipSpecial: true }); // 'hello'
 * const again = Vocabulary.fromJSON(JSON.parse(JSON.stringify(vocab)));
 * ```
 */
export class Vocabulary {
  readonly mode: VocabularyMode;
  readonly padId = 0;
  readonly bosId = 1;
  readonly eosId = 2;
  readonly unkId = 3;
  private readonly idToTok: readonly string[];
  private readonly tokToId: ReadonlyMap<string, number>;

  /**
   * @param tokens - the regular tokens in id order (ids from 4); reserved names and duplicates throw.
   * @param args - `mode` ('word' | 'char'), default `'word'`.
   * @throws ValueError for a non-string, duplicate or reserved token.
   */
  constructor(tokens: readonly string[], args: { mode?: VocabularyMode } = {}) {
    checkKnownOptions('Vocabulary options', args, CTOR_KNOWN);
    this.mode = checkMode(args.mode ?? VOCABULARY_DEFAULTS.mode);
    if (!Array.isArray(tokens)) {
      throw new ValueError(`Expected \`tokens\` to be an array of strings, but got ${describeValue(tokens)}.`);
    }
    const all: string[] = [...SPECIAL_TOKENS];
    const map = new Map<string, number>(all.map((t, i) => [t, i]));
    tokens.forEach((t: unknown, i) => {
      if (typeof t !== 'string') throw new ValueError(`Expected \`tokens[${i}]\` to be a string, but got ${describeValue(t)}.`);
      if (map.has(t)) {
        throw new ValueError(`Expected \`tokens\` to hold distinct non-reserved tokens, but got ${describeValue(t)} again at ${i}.`);
      }
      map.set(t, all.length);
      all.push(t);
    });
    this.idToTok = all;
    this.tokToId = map;
  }

  /**
   * Build from texts: strings are split on whitespace (`'word'`) or into characters (`'char'`);
   * arrays are taken as tokens. Reserved token strings in the data are not counted.
   *
   * @example
   * ```ts
   * Vocabulary.fromTexts(['abba', 'cab'], { mode: 'char' }).tokens; // ['<pad>','<bos>','<eos>','<unk>','a','b','c']
   * ```
   */
  static fromTexts(texts: readonly (string | readonly string[])[], args: VocabularyArgs = {}): Vocabulary {
    checkKnownOptions('Vocabulary.fromTexts options', args, BUILD_KNOWN);
    const mode = checkMode(args.mode ?? VOCABULARY_DEFAULTS.mode);
    if (!Array.isArray(texts)) {
      throw new ValueError(`Expected \`texts\` to be an array of strings or string arrays, but got ${describeValue(texts)}.`);
    }
    const counts = new Map<string, number>();
    texts.forEach((text, i) => {
      for (const t of tokenize(mode, text, `texts[${i}]`)) counts.set(t, (counts.get(t) ?? 0) + 1);
    });
    return Vocabulary.fromCounts(counts, { ...args, mode });
  }

  /**
   * Build from token counts (a Map, `[token, count]` pairs or a plain object), iterated in the
   * given order for ties.
   *
   * @example
   * ```ts
   * const v = Vocabulary.fromCounts(new Map([['a', 1], ['b', 5], ['c', 1]]), { maxSize: 6 });
   * v.tokens.slice(4); // ['b', 'a']
   * ```
   */
  static fromCounts(
    counts: ReadonlyMap<string, number> | Iterable<readonly [string, number]> | Readonly<Record<string, number>>,
    args: VocabularyArgs = {},
  ): Vocabulary {
    checkKnownOptions('Vocabulary.fromCounts options', args, BUILD_KNOWN);
    const minFrequency = checkInteger('minFrequency', args.minFrequency ?? VOCABULARY_DEFAULTS.minFrequency, 1);
    const maxSizeArg = args.maxSize ?? VOCABULARY_DEFAULTS.maxSize;
    const maxSize = maxSizeArg === null ? null : checkInteger('maxSize', maxSizeArg, SPECIAL_TOKENS.length);
    const mode = checkMode(args.mode ?? VOCABULARY_DEFAULTS.mode);
    if (counts === null || typeof counts !== 'object') {
      throw new ValueError(`Expected \`counts\` to be a Map, [token, count] pairs or an object, but got ${describeValue(counts)}.`);
    }
    const entries: Iterable<readonly [string, number]> = Symbol.iterator in counts ? (counts as Iterable<readonly [string, number]>) : Object.entries(counts);
    const merged = new Map<string, number>();
    for (const [tok, c] of entries) {
      if (typeof tok !== 'string') throw new ValueError(`Expected every token in \`counts\` to be a string, but got ${describeValue(tok)}.`);
      if (typeof c !== 'number' || !Number.isInteger(c) || c < 0) {
        throw new ValueError(`Expected the count of ${describeValue(tok)} to be a non-negative integer, but got ${describeValue(c)}.`);
      }
      if (!SPECIAL_SET.has(tok)) merged.set(tok, (merged.get(tok) ?? 0) + c);
    }
    // Array.prototype.sort is stable, so equal counts keep first-appearance order.
    let kept = [...merged].filter(([, c]) => c >= minFrequency).sort((a, b) => b[1] - a[1]);
    if (maxSize !== null) kept = kept.slice(0, maxSize - SPECIAL_TOKENS.length);
    return new Vocabulary(
      kept.map(([t]) => t),
      { mode },
    );
  }

  /**
   * Load a vocabulary written by {@link Vocabulary.toJSON} (object or JSON string).
   *
   * @throws FileFormatError when the format name, version or reserved tokens do not match.
   * @example
   * ```ts
   * const vocab = Vocabulary.fromJSON(fs.readFileSync('vocab.json', 'utf8'));
   * ```
   */
  static fromJSON(json: string | VocabularyJson): Vocabulary {
    let obj: unknown = json;
    if (typeof json === 'string') {
      try {
        obj = JSON.parse(json);
      } catch (err) {
        throw new FileFormatError(`Expected \`json\` to be vocabulary JSON, but it does not parse: ${(err as Error).message}`);
      }
    }
    const o = obj as Partial<VocabularyJson> | null;
    if (o === null || typeof o !== 'object' || o.format !== 'rnn-ts.vocabulary') {
      throw new FileFormatError(`Expected \`format\` to be "rnn-ts.vocabulary", but got ${describeValue(o?.format)}.`);
    }
    if (o.version !== VOCABULARY_FORMAT_VERSION) {
      throw new FileFormatError(`Expected vocabulary \`version\` to be ${VOCABULARY_FORMAT_VERSION}, but got ${describeValue(o.version)}.`);
    }
    const tokens = o.tokens;
    if (!Array.isArray(tokens) || SPECIAL_TOKENS.some((t, i) => tokens[i] !== t)) {
      throw new FileFormatError(`Expected \`tokens\` to start with ${SPECIAL_TOKENS.join(', ')}, but got ${describeValue(tokens?.slice?.(0, 4))}.`);
    }
    try {
      return new Vocabulary(tokens.slice(SPECIAL_TOKENS.length), { mode: o.mode ?? 'word' });
    } catch (err) {
      throw new FileFormatError(`Invalid vocabulary JSON: ${(err as Error).message}`);
    }
  }

  /** Number of ids, reserved tokens included. */
  get size(): number {
    return this.idToTok.length;
  }

  /** Every token in id order (reserved first). */
  get tokens(): readonly string[] {
    return this.idToTok;
  }

  /**
   * The id of `token`, or `unkId` when unknown.
   *
   * @example
   * ```ts
   * vocab.tokenToId('never-seen'); // 3
   * ```
   */
  tokenToId(token: string): number {
    if (typeof token !== 'string') throw new ValueError(`Expected \`token\` to be a string, but got ${describeValue(token)}.`);
    return this.tokToId.get(token) ?? this.unkId;
  }

  /**
   * The token of `id`.
   *
   * @throws ValueError naming the id and the size when `id` is outside `[0, size)`.
   * @example
   * ```ts
   * vocab.idToToken(0); // '<pad>'
   * ```
   */
  idToToken(id: number): string {
    const tok = Number.isInteger(id) ? this.idToTok[id] : undefined;
    if (tok === undefined) {
      throw new ValueError(`Expected id to be an integer in [0, ${this.size}) (vocabulary size ${this.size}), but got ${describeValue(id)}.`);
    }
    return tok;
  }

  /**
   * Encode a string (split by `mode`) or a token array to ids; unknown tokens give `unkId`.
   *
   * @example
   * ```ts
   * vocab.encode(['hello', 'xyz'], { addEos: true }); // [4, 3, 2]
   * ```
   */
  encode(tokens: string | readonly string[], args: EncodeArgs = {}): number[] {
    checkKnownOptions('encode options', args, ENCODE_KNOWN);
    const ids = tokenize(this.mode, tokens, 'tokens').map((t) => this.tokToId.get(t) ?? this.unkId);
    if (args.addBos) ids.unshift(this.bosId);
    if (args.addEos) ids.push(this.eosId);
    return ids;
  }

  /**
   * Decode ids to tokens.
   *
   * @throws ValueError naming the id and the vocabulary size for an id outside the vocabulary.
   * @example
   * ```ts
   * vocab.decodeTokens([1, 4, 2, 5], { stopAtEos: true, skipSpecial: true }); // ['hello']
   * ```
   */
  decodeTokens(ids: readonly number[], args: DecodeArgs = {}): string[] {
    checkKnownOptions('decode options', args, DECODE_KNOWN);
    if (!Array.isArray(ids)) throw new ValueError(`Expected \`ids\` to be an array of integers, but got ${describeValue(ids)}.`);
    const out: string[] = [];
    for (const id of ids) {
      const tok = this.idToToken(id);
      if (args.stopAtEos && id === this.eosId) break;
      if (args.skipSpecial && id < SPECIAL_TOKENS.length) continue;
      out.push(tok);
    }
    return out;
  }

  /**
   * Decode ids to a string: tokens joined by `''` in `'char'` mode and by `' '` in `'word'` mode.
   *
   * @throws ValueError naming the id and the vocabulary size for an id outside the vocabulary.
   * @example
   * ```ts
   * vocab.decode([4, 5, 2, 0], { stopAtEos: true }); // 'hello world'
   * ```
   */
  decode(ids: readonly number[], args: DecodeArgs = {}): string {
    return this.decodeTokens(ids, args).join(this.mode === 'char' ? '' : ' ');
  }

  /**
   * Plain JSON (format name + version) for `JSON.stringify`; load with {@link Vocabulary.fromJSON}.
   *
   * @example
   * ```ts
   * fs.writeFileSync('vocab.json', JSON.stringify(vocab));
   * ```
   */
  toJSON(): VocabularyJson {
    return { format: 'rnn-ts.vocabulary', version: VOCABULARY_FORMAT_VERSION, mode: this.mode, tokens: [...this.idToTok] };
  }
}

function checkMode(mode: unknown): VocabularyMode {
  if (mode !== 'word' && mode !== 'char') throw new ValueError(`Expected \`mode\` to be one of "word", "char", but got ${describeValue(mode)}.`);
  return mode;
}

function tokenize(mode: VocabularyMode, text: unknown, name: string): string[] {
  if (Array.isArray(text)) {
    return text.map((t: unknown, j) => {
      if (typeof t !== 'string') throw new ValueError(`Expected \`${name}[${j}]\` to be a string token, but got ${describeValue(t)}.`);
      return t;
    });
  }
  if (typeof text !== 'string') {
    throw new ValueError(`Expected \`${name}\` to be a string or an array of strings, but got ${describeValue(text)}.`);
  }
  return mode === 'char' ? Array.from(text) : text.split(/\s+/).filter((t) => t.length > 0);
}
