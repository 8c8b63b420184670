// `evaluate` reads the bundle's test-set.json; a malformed one is refused with the file and the entry named
// (issue 18: it failed with "testGroups.reduce is not a function").
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileFormatError } from '@rnn/core';
import { readTestSet } from '../src/bundle.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'translation-test-set-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(content: string): string {
  const path = join(dir, 'test-set.json');
  writeFileSync(path, content);
  return path;
}

describe('readTestSet', () => {
  it('reads the groups saveTranslation writes', () => {
    const groups = [{ source: 'i m cold .', targets: ['j ai froid .', 'j ai froid !'] }];
    expect(readTestSet(write(JSON.stringify(groups)))).toEqual(groups);
  });

  it.each([
    ['{"source":"a"}', /Expected the top level in the held-out test set .*test-set\.json to be an array of \{ source, targets \} groups, but got \{/],
    ['null', /the top level .* to be an array.*but got null/],
    ['[1]', /Expected entry 0 in the held-out test set .*test-set\.json to be an object \{ source, targets \}, but got 1\./],
    ['[{"source":"a","targets":["b"]},{"source":3,"targets":["b"]}]', /Expected `\[1\]\.source` .* to be a string, but got 3\./],
    ['[{"source":"a","targets":"b"}]', /Expected `\[0\]\.targets` .* to be a non-empty array of strings, but got "b"\./],
    ['[{"source":"a","targets":[]}]', /`\[0\]\.targets` .* non-empty array/],
    ['[{"source":"a","targets":["b",null]}]', /Expected `\[0\]\.targets\[1\]` .* to be a string, but got null\./],
  ])('refuses %s with a FileFormatError naming the file and the entry', (content, message) => {
    const path = write(content);
    expect(() => readTestSet(path)).toThrow(FileFormatError);
    expect(() => readTestSet(path)).toThrow(message);
  });
});
