import { resolveDataRoot } from '../src/node/readers/data-root.js';

/**
 * The real corpora (`<repo root>/../shared/data` or RNN_DATA_DIR) when present, else `undefined`;
 * suites that need them use {@link describeWithData}, which skips with a note when they are absent.
 */
let reason = '';
export function realDataRoot(): string | undefined {
  try {
    return resolveDataRoot({ searchFrom: [process.cwd()] });
  } catch (err) {
    reason = (err as Error).message;
    return undefined;
  }
}

const root = realDataRoot();
const ci = process.env.CI === 'true';
if (root === undefined && !ci) {
  console.warn(`[@rnn/data tests] real-corpus tests are SKIPPED: ${reason}`);
}

/**
 * `describe` when the real data is present, `describe.skip` otherwise; under CI=true (.ci/run) the data must be
 * there, so the block runs and each of its tests fails with the reason instead of skipping.
 */
export const describeWithData: typeof describe = (
  root === undefined && !ci
    ? describe.skip
    : (name: string, fn: () => void) =>
        describe(name, () => {
          if (root === undefined) {
            beforeAll(() => {
              throw new Error(`CI=true but the real data is missing: ${reason}`);
            });
          }
          fn();
        })
) as typeof describe;

/** The data root; only call inside a {@link describeWithData} block. */
export function dataRoot(): string {
  if (root === undefined) throw new Error('real data is absent');
  return root;
}
