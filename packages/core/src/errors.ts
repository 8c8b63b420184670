/**
 * Typed errors shared by every rnn-ts package. Each sets `name` so `err.name` and stack traces say
 * what kind of failure it was, and each message names the argument, what was expected and what was received.
 *
 * @example
 * ```ts
 * throw new ValueError(`Expected \`units\` to be a positive integer, but got ${units}.`);
 * ```
 */
export class ValueError extends Error {
  override readonly name: string = 'ValueError';
}

/**
 * A tensor or array had the wrong shape or rank (a ragged batch, a mismatched weight, a wrong batch size).
 *
 * @example
 * ```ts
 * throw new ShapeError('Expected `inputs` of rank 3 [batch, time, features], but got shape [4,5].');
 * ```
 */
export class ShapeError extends ValueError {
  override readonly name: string = 'ShapeError';
}

/**
 * A feature that is recognised but not implemented in this configuration.
 *
 * @example
 * ```ts
 * throw new NotImplementedError('`unroll: true` is not supported; the fused path is always used.');
 * ```
 */
export class NotImplementedError extends Error {
  override readonly name: string = 'NotImplementedError';
}

/**
 * A file or folder the caller named is missing, unreadable or not in the expected format
 * (a model bundle from another version, a vocabulary that does not match a checkpoint).
 *
 * @example
 * ```ts
 * throw new FileFormatError('Expected `dir` to hold model.json, but /tmp/run/model.json does not exist.');
 * ```
 */
export class FileFormatError extends Error {
  override readonly name: string = 'FileFormatError';
}

/**
 * Render a value for an error message: strings quoted, arrays/objects as short JSON.
 *
 * @example
 * ```ts
 * describeValue('abc'); // '"abc"'
 * describeValue([1, 2]); // '[1,2]'
 * ```
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  if (typeof value === 'function') return 'a function';
  try {
    const json = JSON.stringify(value);
    return json.length > 80 ? `${json.slice(0, 77)}...` : json;
  } catch {
    return Object.prototype.toString.call(value);
  }
}
