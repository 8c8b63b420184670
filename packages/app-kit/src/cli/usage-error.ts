/**
 * A command line that cannot be run as written: a bad flag value, an unknown option, a missing
 * argument. {@link AppCli.run} turns it into exit code 2 (the Unix convention for usage errors),
 * whereas any other error thrown by a command exits with 1.
 *
 * @example
 * ```ts
 * throw new UsageError('Expected `--temperature` to be a number in (0, 10], but got "hot".');
 * ```
 */
export class UsageError extends Error {
  override readonly name: string = 'UsageError';
}
