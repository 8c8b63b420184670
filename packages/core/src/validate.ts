import { describeValue, ValueError } from './errors.js';

/**
 * Throw a `ValueError` unless `value` is an integer ≥ `min` (default 1).
 *
 * @param name - the argument's name as the caller wrote it, e.g. `'units'`.
 * @param value - the value received.
 * @param min - the smallest allowed value. Default: 1.
 * @returns `value`, typed as a number.
 * @throws ValueError `Expected \`units\` to be an integer >= 1, but got 12.5.`
 * @example
 * ```ts
 * const units = checkInteger('units', args.units); // 12.5 → throws
 * ```
 */
export function checkInteger(name: string, value: unknown, min = 1): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new ValueError(`Expected \`${name}\` to be an integer >= ${min}, but got ${describeValue(value)}.`);
  }
  return value;
}

/**
 * Throw a `ValueError` unless `value` is a finite number in `[min, max]`.
 *
 * @example
 * ```ts
 * checkNumberInRange('dropout', 0.2, 0, 1); // ok
 * checkNumberInRange('dropout', 1.5, 0, 1); // throws: Expected `dropout` to be a number in [0, 1], but got 1.5.
 * ```
 */
export function checkNumberInRange(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new ValueError(`Expected \`${name}\` to be a number in [${min}, ${max}], but got ${describeValue(value)}.`);
  }
  return value;
}

/**
 * Throw a `ValueError` unless `value` is one of `allowed`.
 *
 * @example
 * ```ts
 * const mode = checkOneOf('padding', 'pre', ['pre', 'post'] as const); // 'pre'
 * ```
 */
export function checkOneOf<T extends string | number | null>(name: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    throw new ValueError(`Expected \`${name}\` to be one of ${allowed.map((a) => describeValue(a)).join(', ')}, but got ${describeValue(value)}.`);
  }
  return value as T;
}

/**
 * Throw a `ValueError` naming every key of `options` that is not in `known`, so a misspelt option
 * (`maxLen` for `maxlen`) is never silently ignored.
 *
 * @example
 * ```ts
 * checkKnownOptions('padSequences options', { maxLen: 3 }, ['maxlen', 'padding']);
 * // throws: Unknown option `maxLen` in padSequences options; expected one of maxlen, padding.
 * ```
 */
export function checkKnownOptions(where: string, options: object | undefined, known: readonly string[]): void {
  if (options == null) return;
  if (typeof options !== 'object') {
    throw new ValueError(`Expected ${where} to be an object, but got ${describeValue(options)}.`);
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new ValueError(`Unknown option \`${key}\` in ${where}; expected one of ${known.join(', ')}.`);
    }
  }
}
