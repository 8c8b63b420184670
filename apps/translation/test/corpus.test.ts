import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCorpus } from '../src/corpus.js';

const here = dirname(fileURLToPath(import.meta.url));
const dataRoot = process.env.RNN_DATA_DIR ?? resolve(here, '..', '..', '..', '..', 'shared', 'data');
const have = existsSync(join(dataRoot, 'translation', 'fra.txt'));
// Under CI=true (.ci/run) the data folder must be there: every test of this file fails with the reason instead of skipping.
if (!have && process.env.CI === 'true') {
  beforeAll(() => {
    throw new Error(`CI=true but ${join(dataRoot, 'translation', 'fra.txt')} is missing: the tests that need it must run in CI.`);
  });
}
const itData = have || process.env.CI === 'true' ? it : it.skip;

describe('loadCorpus', () => {
  itData('splits by normalised English source: no test source in training, all translations kept as references', async () => {
    const c = await loadCorpus(dataRoot, 5000, 42);
    expect(c.pairCount).toBe(5000);
    expect(c.train.length + c.val.length + c.test.length).toBe(5000);
    const trainSources = new Set(c.train.map((p) => p.source));
    expect(c.testGroups.some((g) => trainSources.has(g.source))).toBe(false);
    expect(c.valGroups.some((g) => trainSources.has(g.source))).toBe(false);
    // Every test pair's target is a reference of its source.
    const refs = new Map(c.testGroups.map((g) => [g.source, g.targets]));
    for (const p of c.test) expect(refs.get(p.source)).toContain(p.target);
    expect(c.testGroups.reduce((a, g) => a + g.targets.length, 0)).toBe(new Set(c.test.map((p) => `${p.source}\t${p.target}`)).size);
    // Many short Tatoeba sentences have several French translations.
    expect(c.testGroups.some((g) => g.targets.length >= 3)).toBe(true);
    // Normalised as in the Keras tutorial.
    expect(c.train.every((p) => p.source === p.source.toLowerCase() && !/[éèàç']/.test(p.target))).toBe(true);
  });

  it('names the missing file', async () => {
    await expect(loadCorpus('/nonexistent-root', 10, 1)).rejects.toThrow(/\/nonexistent-root\/translation\/fra\.txt/);
  });
});
