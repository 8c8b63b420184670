// The repo's test runner (scripts/run-tests.mjs) reads its totals through scripts/test-totals.mjs; app-kit,
// the private tooling package, hosts its test.
// @ts-expect-error -- a plain .mjs script without type declarations
import { reportCounts, totalsLine, totalsPass } from '../../../scripts/test-totals.mjs';

const suite = (status: string, n: number) => ({ status, assertionResults: Array.from({ length: n }, () => ({})) });

describe('scripts/test-totals (the totals line CI reads)', () => {
  it('adds ", N skipped" from jest numPendingTests + numTodoTests when anything skipped (issue 18)', () => {
    const c = reportCounts({ numPassedTests: 40, numFailedTests: 0, numPendingTests: 23, numTodoTests: 1, testResults: [suite('passed', 64)] });
    expect(c).toEqual({ passed: 40, failed: 0, skipped: 24, brokenSuites: 0 });
    expect(totalsLine(c)).toBe('40 passed, 0 failed, 24 skipped');
  });

  it('prints exactly "N passed, N failed" when nothing skipped', () => {
    expect(totalsLine(reportCounts({ numPassedTests: 5, numFailedTests: 1, numPendingTests: 0, numTodoTests: 0, testResults: [] }))).toBe('5 passed, 1 failed');
  });

  it('counts a suite that failed to load as one failure', () => {
    const c = reportCounts({ numPassedTests: 2, numFailedTests: 0, testResults: [suite('failed', 0), suite('passed', 2)] });
    expect(c).toEqual({ passed: 2, failed: 1, skipped: 0, brokenSuites: 1 });
  });

  it('fails a run with skipped tests under CI=true, and only there (issue 18)', () => {
    expect(totalsPass({ failed: 0, skipped: 3 }, { CI: 'true' })).toBe(false);
    expect(totalsPass({ failed: 0, skipped: 0 }, { CI: 'true' })).toBe(true);
    expect(totalsPass({ failed: 0, skipped: 3 }, {})).toBe(true);
    expect(totalsPass({ failed: 1, skipped: 0 }, {})).toBe(false);
  });
});
