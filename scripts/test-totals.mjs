// The totals that scripts/run-tests.mjs prints, from jest's --json reports (kept apart so they can be tested).

/**
 * One workspace's counts from its jest --json report. A suite that failed to load has no test results but
 * counts as one failure; skipped is jest's pending (`it.skip`, `describe.skip`) plus todo tests.
 * @param {{ numPassedTests: number, numFailedTests: number, numPendingTests?: number, numTodoTests?: number,
 *   testResults: { status: string, assertionResults: unknown[] }[] }} report
 */
export function reportCounts(report) {
  const brokenSuites = report.testResults.filter((s) => s.status === 'failed' && s.assertionResults.length === 0).length;
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests + brokenSuites,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
    brokenSuites,
  };
}

/**
 * The totals line: `N passed, N failed`, plus `, N skipped` when anything skipped.
 * @example totalsLine({ passed: 3, failed: 0, skipped: 2 }) // '3 passed, 0 failed, 2 skipped'
 */
export function totalsLine({ passed, failed, skipped }) {
  return `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
}

/**
 * Whether the run passes: no failure, and under CI (`CI=true`) no skipped test either, because a skip there
 * means a reference package or the data folder is missing and the run would not test what it claims.
 */
export function totalsPass({ failed, skipped }, env = process.env) {
  return failed === 0 && (env.CI !== 'true' || skipped === 0);
}
