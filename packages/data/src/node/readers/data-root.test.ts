import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileFormatError } from '@rnn/core';
import { dataRoot, describeWithData } from '../../../test/real-data.js';
import { dataFile, resolveDataRoot } from './data-root.js';

let base: string;
let repo: string;
let data: string;
beforeAll(() => {
  // <base>/repo (package.json with workspaces)/packages/x, and <base>/shared/data/translation/fra.txt
  base = mkdtempSync(join(tmpdir(), 'rnn-data-root-'));
  repo = join(base, 'repo');
  mkdirSync(join(repo, 'packages', 'x'), { recursive: true });
  writeFileSync(join(repo, 'package.json'), JSON.stringify({ workspaces: ['packages/*'] }));
  writeFileSync(join(repo, 'packages', 'x', 'package.json'), JSON.stringify({ name: 'x' }));
  data = join(base, 'shared', 'data');
  mkdirSync(join(data, 'translation'), { recursive: true });
  writeFileSync(join(data, 'translation', 'fra.txt'), 'Go.\tVa !\n');
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('resolveDataRoot', () => {
  it('walks up to the folder whose package.json has workspaces and takes ../shared/data', () => {
    expect(resolveDataRoot({ env: {}, searchFrom: [join(repo, 'packages', 'x')] })).toBe(data);
  });

  it('prefers the --data flag, then RNN_DATA_DIR', () => {
    const other = join(base, 'other');
    mkdirSync(other, { recursive: true });
    expect(resolveDataRoot({ flag: other, env: { RNN_DATA_DIR: data }, searchFrom: [] })).toBe(other);
    expect(resolveDataRoot({ env: { RNN_DATA_DIR: other }, searchFrom: [join(repo, 'packages', 'x')] })).toBe(other);
  });

  it('never silently skips a flag or variable that names a missing folder', () => {
    expect(() => resolveDataRoot({ flag: join(base, 'missing'), env: {} })).toThrow(/--data folder .*missing to exist/);
    expect(() => resolveDataRoot({ env: { RNN_DATA_DIR: join(base, 'gone') } })).toThrow(/RNN_DATA_DIR=.*gone to name an existing folder/);
  });

  it('lists every place it looked when nothing is found', () => {
    const lonely = mkdtempSync(join(tmpdir(), 'rnn-data-lonely-'));
    const repo2 = join(lonely, 'repo2');
    mkdirSync(repo2);
    writeFileSync(join(repo2, 'package.json'), JSON.stringify({ workspaces: ['a'] }));
    try {
      let err: Error | undefined;
      try {
        resolveDataRoot({ env: {}, searchFrom: [repo2, lonely] });
      } catch (e) {
        err = e as Error;
      }
      expect(err).toBeInstanceOf(FileFormatError);
      expect(err?.message).toMatch(/--data flag \(not given\); RNN_DATA_DIR \(not set\)/);
      expect(err?.message).toContain(`${join(lonely, 'shared', 'data')} (beside the monorepo root ${repo2}`);
      expect(err?.message).toMatch(/no monorepo root \(package\.json with "workspaces"\) above .*rnn-data-lonely-/);
    } finally {
      rmSync(lonely, { recursive: true, force: true });
    }
  });
});

describe('dataFile', () => {
  it('maps corpus names to their paths under the root', () => {
    expect(dataFile('fra', { root: data })).toBe(join(data, 'translation', 'fra.txt'));
  });

  it('says how to fetch a corpus that is missing, and rejects unknown names', () => {
    expect(() => dataFile('alice', { root: data })).toThrow(/alice corpus at .*alice-in-wonderland\.txt.*download\('alice'/);
    expect(() => dataFile('bogus' as never, { root: data })).toThrow(/`name` to be one of "fra", "alice"/);
  });
});

describeWithData('resolveDataRoot in this checkout', () => {
  it('finds ../shared/data from the current directory and from the package location alone', () => {
    expect(resolveDataRoot({ env: {} })).toBe(dataRoot());
    const cwd = process.cwd();
    process.chdir(tmpdir()); // outside the repo: only the package's own location can lead to the data
    try {
      expect(resolveDataRoot({ env: {} })).toBe(dataRoot());
    } finally {
      process.chdir(cwd);
    }
  });
});
