import { checkInteger, checkNumberInRange, Rng, ValueError } from '@rnn/core';
import { Vocabulary } from '@rnn/tokenizers';

/** Options of {@link makeReversalData}. */
export interface ReversalDataArgs {
  /** Letters to draw from, e.g. `'abcdefghijklmnopqrst'`. */
  alphabet: string;
  /** Shortest string. */
  minLength: number;
  /** Longest string. */
  maxLength: number;
  /** Number of training strings. */
  trainSize: number;
  /** Number of held-out strings (none of them is in the training set). */
  testSize: number;
  /** Largest share of the distinct strings of one length that may be held out. Default: 0.1. */
  heldOutFraction?: number;
  seed: number;
}

/** Defaults of the optional {@link ReversalDataArgs} fields. */
export const REVERSAL_DATA_DEFAULTS = { heldOutFraction: 0.1 } as const;

/** Training and held-out strings for the GRU reverser, and the character vocabulary. */
export interface ReversalData {
  /** The training strings of the first epoch (`trainEpoch(0)`). */
  train: string[];
  /** Fresh training strings for `epoch` (seeded by the seed and the epoch; never a held-out string). */
  trainEpoch: (epoch: number) => string[];
  test: string[];
  vocab: Vocabulary;
}

/**
 * Random strings with a uniform length in `[minLength, maxLength]` and uniform letters: a fixed
 * held-out set, and `trainSize` fresh training strings per epoch (so the model cannot memorise a
 * fixed training set); a held-out string never occurs in training.
 *
 * @example
 * ```ts
 * const { trainEpoch, test, vocab } = makeReversalData({ alphabet: 'abcdef', minLength: 1, maxLength: 10, trainSize: 100, testSize: 20, seed: 1 });
 * ```
 */
export function makeReversalData(args: ReversalDataArgs): ReversalData {
  const minLength = checkInteger('minLength', args.minLength, 1);
  const maxLength = checkInteger('maxLength', args.maxLength, minLength);
  const trainSize = checkInteger('trainSize', args.trainSize, 1);
  const testSize = checkInteger('testSize', args.testSize, 1);
  const letters = Array.from(args.alphabet);
  const rng = new Rng(args.seed);
  const draw = (r: Rng = rng) => {
    const len = minLength + r.int(maxLength - minLength + 1);
    let s = '';
    for (let i = 0; i < len; i++) s += letters[r.int(letters.length)];
    return s;
  };
  // Held-out strings are drawn first and kept distinct; training strings avoid them. At most
  // `heldOutFraction` of the distinct strings of any one length is held out, so short lengths (20
  // strings of length 1 over 20 letters) are never held out entirely: the model must have seen
  // every length to be judged on it.
  const heldOutFraction = checkNumberInRange('heldOutFraction', args.heldOutFraction ?? REVERSAL_DATA_DEFAULTS.heldOutFraction, 0, 1);
  const cap = (len: number) => Math.floor(heldOutFraction * letters.length ** len);
  const perLength = new Map<number, number>();
  const test = new Set<string>();
  for (let guard = 0; test.size < testSize && guard < testSize * 100; guard++) {
    const s = draw();
    const len = Array.from(s).length;
    if (test.has(s) || (perLength.get(len) ?? 0) >= cap(len)) continue;
    test.add(s);
    perLength.set(len, (perLength.get(len) ?? 0) + 1);
  }
  if (test.size < testSize) {
    throw new ValueError(`Expected room for ${testSize} held-out strings (at most ${heldOutFraction} of each length), but only ${test.size} fit.`);
  }
  const epochRng = (epoch: number) => new Rng(args.seed * 1_000_003 + 7919 * (epoch + 1));
  const trainEpoch = (epoch: number): string[] => {
    const r = epochRng(epoch);
    const train: string[] = [];
    for (let guard = 0; train.length < trainSize && guard < trainSize * 100; guard++) {
      const s = draw(r);
      if (!test.has(s)) train.push(s);
    }
    return train;
  };
  return { train: trainEpoch(0), trainEpoch, test: [...test], vocab: new Vocabulary(letters, { mode: 'char' }) };
}

/**
 * `abc` → `cba` (by code point).
 *
 * @example
 * ```ts
 * reverseString('abc'); // 'cba'
 * ```
 */
export function reverseString(s: string): string {
  return Array.from(s).reverse().join('');
}
