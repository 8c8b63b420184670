// Writes the app's exact corpus split (apps/translation/src/corpus.ts: first N Tatoeba pairs, normalised,
// split 80/10/10 grouped by English source) as JSON, for the PyTorch reference (nmt_reference.py).
// Usage (after `npx turbo run build --filter=@rnn/app-translation`):
//   node apps/translation/reference/dump-split.mjs [--data <dir>] [--pairs 30000] [--seed 42] [--out /tmp/translation-split-seed42.json]
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { groupTargets, normalizeForTranslation, readTatoebaPairs, split } from '@rnn/data/node';

const here = dirname(fileURLToPath(import.meta.url));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const dataRoot = arg('data', process.env.RNN_DATA_DIR ?? resolve(here, '../../../../shared/data'));
const pairs = Number(arg('pairs', '30000'));
const seed = Number(arg('seed', '42'));
const out = arg('out', `/tmp/translation-split-seed${seed}.json`);

const raw = await readTatoebaPairs(join(dataRoot, 'translation', 'fra.txt'), { limit: pairs });
const normalised = raw
  .map((p) => ({ source: normalizeForTranslation(p.source), target: normalizeForTranslation(p.target) }))
  .filter((p) => p.source.length > 0 && p.target.length > 0);
const s = split(normalised, { ratios: [0.8, 0.1, 0.1], seed, groupBy: (p) => p.source });
const result = { train: s.train, val: s.val, test: s.test, valGroups: groupTargets(s.val), testGroups: groupTargets(s.test) };
writeFileSync(out, JSON.stringify(result));
console.log(`${out}: train ${s.train.length} / val ${s.val.length} / test ${s.test.length} pairs; ${result.testGroups.length} test sources`);
