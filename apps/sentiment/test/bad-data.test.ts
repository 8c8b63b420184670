// A data folder that cannot be trained on fails before training with the file named, and leaves no run
// folder behind (issue 18: an empty file gave "Expected `total` to be an integer >= 1, but got 0" and an empty
// run; a file that is a directory gave a raw EISDIR).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStream } from '@rnn/app-kit';
import { createSentimentCli } from '../src/cli.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'sentiment-bad-data-'));
  mkdirSync(join(root, 'data', 'sentiment'), { recursive: true });
  writeFileSync(join(root, 'data', 'sentiment', 'amazon_cells_labelled.txt'), 'Great phone.\t1\n');
  writeFileSync(join(root, 'data', 'sentiment', 'imdb_labelled.txt'), 'A slow movie.\t0\n');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

async function train(): Promise<{ code: number; err: string }> {
  const stdout = new MemoryStream();
  const stderr = new MemoryStream();
  const code = await createSentimentCli({ stdout, stderr, cwd: root, env: {} }).run([
    'train',
    '--data',
    join(root, 'data'),
    '--epochs',
    '1',
    '--backend',
    'cpu',
  ]);
  return { code, err: stderr.text };
}

const runsLeft = () => (existsSync(join(root, 'runs', 'sentiment')) ? readdirSync(join(root, 'runs', 'sentiment')) : []);

describe('sentiment train on bad data', () => {
  it('names an empty data file and leaves no run folder', async () => {
    writeFileSync(join(root, 'data', 'sentiment', 'yelp_labelled.txt'), '');
    const { code, err } = await train();
    expect(code).toBe(1);
    expect(err).toMatch(/error: Expected the yelp sentiment file at .*yelp_labelled\.txt to hold at least one "sentence<TAB>0\|1" line, but it is empty\./);
    expect(runsLeft()).toEqual([]);
  });

  it('names a data file that is a directory (not a raw EISDIR) and leaves no run folder', async () => {
    mkdirSync(join(root, 'data', 'sentiment', 'yelp_labelled.txt'));
    const { code, err } = await train();
    expect(code).toBe(1);
    expect(err).toMatch(/error: Expected the yelp sentiment file at .*yelp_labelled\.txt to be a file, but it is a directory\./);
    expect(err).not.toMatch(/EISDIR/);
    expect(runsLeft()).toEqual([]);
  });
});
