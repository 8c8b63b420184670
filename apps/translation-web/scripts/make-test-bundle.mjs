// Makes a small translator bundle with the library (Node), for the browser test and the benchmark when
// no `npm run demo` bundle exists: word vocabularies of the first 2000 Tatoeba pairs and a seeded,
// untrained GRU 32 / embedding 16 model with luongGeneral attention and a bidirectional encoder (the
// demo's architecture, smaller). Untrained, it writes a different 30-token string for every sentence,
// which is what an exact browser-versus-Node comparison needs; it takes about a second.
//
//   node scripts/make-test-bundle.mjs <out-dir>     (writes <out-dir>/bundle.json, weights, vocabularies)
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setupBackend } from '@rnn/core/node';
import { normalizeForTranslation, readTatoebaPairs } from '@rnn/data/node';
import { Seq2Seq, Translator } from '@rnn/seq2seq/node';
import { Vocabulary } from '@rnn/tokenizers';
import { appDir } from './bundle-source.mjs';

/** Settings of the test bundle (recorded in its README section). */
export const TEST_BUNDLE = { pairs: 2000, units: 32, embeddingDim: 16, seed: 7 };

export function dataRoot() {
  return process.env.RNN_DATA_DIR ?? resolve(appDir, '..', '..', '..', 'shared', 'data');
}

/** Build and save the test bundle into `outDir` (replacing it). Returns the translator (caller disposes). */
export async function makeTestBundle(outDir, { backend = 'wasm' } = {}) {
  await setupBackend({ backend, threads: 1 });
  const corpus = join(dataRoot(), 'translation', 'fra.txt');
  if (!existsSync(corpus)) throw new Error(`Expected the Tatoeba corpus at ${corpus} (set RNN_DATA_DIR), but it is missing.`);
  const raw = await readTatoebaPairs(corpus, { limit: TEST_BUNDLE.pairs });
  const pairs = raw.map((p) => [normalizeForTranslation(p.source), normalizeForTranslation(p.target)]);
  const sourceVocab = Vocabulary.fromTexts(pairs.map((p) => p[0]));
  const targetVocab = Vocabulary.fromTexts(pairs.map((p) => p[1]));
  const model = new Seq2Seq({
    sourceVocabSize: sourceVocab.size,
    targetVocabSize: targetVocab.size,
    units: TEST_BUNDLE.units,
    embeddingDim: TEST_BUNDLE.embeddingDim,
    attention: 'luongGeneral',
    bidirectionalEncoder: true,
    seed: TEST_BUNDLE.seed,
  });
  const translator = new Translator({ model, sourceVocab, targetVocab });
  rmSync(outDir, { recursive: true, force: true });
  await translator.save(outDir);
  return translator;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = resolve(process.argv[2] ?? join(appDir, 'test-output', 'test-bundle'));
  const t0 = performance.now();
  const t = await makeTestBundle(out);
  t.dispose();
  console.log(`test bundle written to ${out} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
