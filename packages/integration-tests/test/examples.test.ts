import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

// Every TSDoc `@example` code block of every package type-checks against the built packages
// (scripts/check-examples.mjs; free variables come from each package's examples.prelude.ts).
const root = join(import.meta.dirname, '..', '..', '..');
const packages = readdirSync(join(root, 'packages')).filter((d) => d !== 'integration-tests');

describe('TSDoc examples', () => {
  it.each(packages)('every @example of packages/%s type-checks', (name) => {
    const r = spawnSync(process.execPath, [join(root, 'scripts', 'check-examples.mjs'), join('packages', name)], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(r.stdout).toMatch(/ 0 errors/);
    expect(r.status).toBe(0);
  });
});
