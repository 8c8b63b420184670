// The Node side of the benchmark, in its own process (the wasm thread count is fixed at a process's
// first wasm start): loads the bundle with the same page-translator module the page uses (transpiled
// by esbuild) and times greedy and beam-5 per sentence exactly as the page's benchmark does.
//
//   node scripts/bench-node.mjs <bundle-dir> <threads> <reps> <sentences-json>   -> one JSON line on stdout
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setupBackend } from '@rnn/core/node';
import '@rnn/seq2seq/node'; // folder paths in Translator.load
import { build } from 'esbuild';
import { nodeRound, summarize } from './bench-timing.mjs';
import { appDir } from './bundle-source.mjs';

const [bundleDir, threadsArg, repsArg, sentencesJson] = process.argv.slice(2);
const outDir = join(appDir, 'bench', 'out');
mkdirSync(outDir, { recursive: true });
const compiled = join(outDir, 'page-translator.node.mjs');
await build({ entryPoints: [join(appDir, 'src', 'page-translator.ts')], outfile: compiled, format: 'esm', platform: 'node', bundle: false, logLevel: 'error' });
const { loadPageTranslator, translateTimed } = await import(pathToFileURL(compiled).href);

const backend = await setupBackend({ backend: 'wasm', threads: Number(threadsArg) });
const t = await loadPageTranslator(bundleDir);
try {
  const sentences = JSON.parse(sentencesJson);
  const translate = (text, which) => translateTimed(which === 'greedy' ? t.greedy : t.beam, text);
  const rounds = Array.from({ length: Number(repsArg) + 1 }, () => nodeRound(translate, sentences));
  const r = summarize(rounds);
  console.log(JSON.stringify({ backend, threads: Number(threadsArg), loadMs: t.loadMs, ...r }));
} finally {
  t.dispose();
}
