/** The start of the warning tfjs prints whenever an orthogonal initializer fills more than 2000 elements. */
const ORTHOGONAL_WARNING = 'Orthogonal initializer is being called on a matrix with more than 2000';

/**
 * Run `fn` (sync, or async: restored when its promise settles) with tfjs' orthogonal-initializer size warning muted (every other `console.warn` passes
 * through). The GRU's recurrent kernel uses Keras' orthogonal initializer; the warning fires on every
 * build AND every load (tfjs initializes before it loads the saved weights), which would clutter each
 * `tag` call. Restores `console.warn` even when `fn` throws or rejects.
 *
 * @example
 * ```ts
 * const model = await withoutOrthogonalWarning(() => tf.loadLayersModel(handler));
 * ```
 */
export function withoutOrthogonalWarning<T>(fn: () => T): T {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (!String(args[0]).startsWith(ORTHOGONAL_WARNING)) warn(...args);
  };
  let result: T;
  try {
    result = fn();
  } catch (e) {
    console.warn = warn;
    throw e;
  }
  if (result instanceof Promise) {
    return result.finally(() => {
      console.warn = warn;
    }) as T;
  }
  console.warn = warn;
  return result;
}
