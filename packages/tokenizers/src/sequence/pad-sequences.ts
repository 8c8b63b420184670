import { checkInteger, checkKnownOptions, checkOneOf, describeValue, ValueError } from '@rnn/core';

/**
 * Where to pad or truncate: at the start (`'pre'`) or the end (`'post'`) of each sequence.
 *
 * @example
 * ```ts
 * padSequences([[1]], { maxlen: 2, padding: 'post' }); // [[1, 0]]
 * ```
 */
export type PadSide = 'pre' | 'post';

/**
 * Element type of the result; `'int32'` truncates values toward zero like numpy's cast.
 *
 * @example
 * ```ts
 * padSequences([[1.5]], { dtype: 'float32', maxlen: 2 }); // [[0, 1.5]]
 * ```
 */
export type PadDtype = 'int32' | 'float32';

/**
 * Options of {@link padSequences}, with Keras' names and defaults.
 *
 * @example
 * ```ts
 * const args: PadSequencesArgs = { maxlen: 100, padding: 'post', truncating: 'post', value: 0 };
 * ```
 */
export interface PadSequencesArgs {
  /** Length of every output row; `null` means the longest input. Must be ≥ 0. Default: `null`. */
  maxlen?: number | null;
  /** Pad before (`'pre'`) or after (`'post'`) the values. Default: `'pre'`. */
  padding?: PadSide;
  /** Drop values from the start (`'pre'`) or the end (`'post'`) of longer sequences. Default: `'pre'`. */
  truncating?: PadSide;
  /** Pad value (cast to `dtype`). Default: `0`. */
  value?: number;
  /** Element type: `'int32'` (values truncated toward zero) or `'float32'`. Default: `'int32'`. */
  dtype?: PadDtype;
}

/**
 * Defaults of {@link padSequences}, identical to Keras' `pad_sequences`.
 *
 * @example
 * ```ts
 * PAD_SEQUENCES_DEFAULTS.padding; // 'pre'
 * ```
 */
export const PAD_SEQUENCES_DEFAULTS = {
  maxlen: null,
  padding: 'pre',
  truncating: 'pre',
  value: 0,
  dtype: 'int32',
} as const;

const SIDES = ['pre', 'post'] as const;
const DTYPES = ['int32', 'float32'] as const;
const KNOWN = ['maxlen', 'padding', 'truncating', 'value', 'dtype'] as const;

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

function cast(dtype: PadDtype, v: number): number {
  // numpy's float → int32 cast truncates toward zero (the range was checked by `checkFits`).
  return dtype === 'int32' ? Math.trunc(v) : Math.fround(v);
}

/**
 * Throw unless `v` survives the cast to `dtype`: an int32 must lie in [-2^31, 2^31 - 1] after truncation
 * (`1e12` would wrap to -727379968), a finite float must stay finite in float32 (`1e39` would become Infinity).
 */
function checkFits(name: string, v: number, dtype: PadDtype): void {
  const t = Math.trunc(v);
  if (dtype === 'int32' ? t < INT32_MIN || t > INT32_MAX : Number.isFinite(v) && !Number.isFinite(Math.fround(v))) {
    const range = dtype === 'int32' ? `[${INT32_MIN}, ${INT32_MAX}]` : '[-3.4028234663852886e38, 3.4028234663852886e38]';
    throw new ValueError(`Expected \`${name}\` to fit dtype ${dtype} (${range}), but got ${describeValue(v)}.`);
  }
}

/**
 * Pad (and truncate) integer sequences to one length, exactly like Keras' `pad_sequences`.
 *
 * @param sequences - `number[][]`, rows of any length (including empty).
 * @param args - see {@link PadSequencesArgs}.
 * @returns a rectangular `number[][]` of shape `[sequences.length, maxlen]`.
 * @throws ValueError naming the argument and value for a negative/non-integer `maxlen`, an unknown
 *   `padding`/`truncating`/`dtype`, a non-number entry, a value that does not fit `dtype` (an int32 outside
 *   [-2^31, 2^31 - 1], a float that overflows float32) or an unknown option.
 * @remarks With `maxlen: 0` every row is empty (Keras raises for `truncating: 'pre'` there).
 * @example
 * ```ts
 * padSequences([[1, 2, 3], [4]]); // [[1, 2, 3], [0, 0, 4]]
 * padSequences([[1, 2, 3], [4]], { maxlen: 2, padding: 'post', truncating: 'post' }); // [[1, 2], [4, 0]]
 * ```
 */
export function padSequences(sequences: readonly (readonly number[])[], args: PadSequencesArgs = {}): number[][] {
  checkKnownOptions('padSequences options', args, KNOWN);
  if (!Array.isArray(sequences)) {
    throw new ValueError(`Expected \`sequences\` to be an array of number arrays, but got ${describeValue(sequences)}.`);
  }
  const padding = checkOneOf('padding', args.padding ?? PAD_SEQUENCES_DEFAULTS.padding, SIDES);
  const truncating = checkOneOf('truncating', args.truncating ?? PAD_SEQUENCES_DEFAULTS.truncating, SIDES);
  const dtype = checkOneOf('dtype', args.dtype ?? PAD_SEQUENCES_DEFAULTS.dtype, DTYPES);
  const rawValue = args.value ?? PAD_SEQUENCES_DEFAULTS.value;
  if (typeof rawValue !== 'number' || (dtype === 'int32' && !Number.isFinite(rawValue))) {
    throw new ValueError(`Expected \`value\` to be a ${dtype === 'int32' ? 'finite ' : ''}number, but got ${describeValue(rawValue)}.`);
  }
  checkFits('value', rawValue, dtype);
  sequences.forEach((seq, i) => {
    if (!Array.isArray(seq)) {
      throw new ValueError(`Expected \`sequences[${i}]\` to be an array of numbers, but got ${describeValue(seq)}.`);
    }
    seq.forEach((v: unknown, j) => {
      if (typeof v !== 'number' || (dtype === 'int32' && !Number.isFinite(v))) {
        throw new ValueError(`Expected \`sequences[${i}][${j}]\` to be a number, but got ${describeValue(v)}.`);
      }
      checkFits(`sequences[${i}][${j}]`, v, dtype);
    });
  });
  const maxlenArg = args.maxlen ?? PAD_SEQUENCES_DEFAULTS.maxlen;
  const maxlen = maxlenArg === null ? sequences.reduce((m, s) => Math.max(m, s.length), 0) : checkInteger('maxlen', maxlenArg, 0);
  const value = cast(dtype, rawValue);
  return sequences.map((seq) => {
    const kept = seq.length <= maxlen ? seq : truncating === 'pre' ? seq.slice(seq.length - maxlen) : seq.slice(0, maxlen);
    const pad = new Array<number>(maxlen - kept.length).fill(value);
    const vals = kept.map((v: number) => cast(dtype, v));
    return padding === 'pre' ? [...pad, ...vals] : [...vals, ...pad];
  });
}
