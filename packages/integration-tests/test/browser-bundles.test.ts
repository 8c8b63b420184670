import { builtinModules } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildFailure, build, type Metafile } from 'esbuild';

// Every public package's main entry must bundle for a browser: esbuild --platform=browser fails on any
// import of a Node built-in (fs, path, crypto, module, url, worker_threads, …), and the bundle must not
// read `process.env` (only the ./node entries do). The packages are bundled from their built dist/
// through their package.json exports, exactly as an app's bundler sees them.
const PUBLIC_PACKAGES = ['core', 'tokenizers', 'data', 'layers', 'metrics', 'seq2seq'] as const;
const here = dirname(fileURLToPath(import.meta.url));
const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

interface BundleResult {
  errors: string[];
  code: string;
  inputs: string[];
}

async function bundleForBrowser(entry: string, external: string[]): Promise<BundleResult> {
  try {
    const result = await build({
      stdin: { contents: `export * from '${entry}';`, resolveDir: here, loader: 'js' },
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
      external,
    });
    return {
      errors: [],
      code: result.outputFiles.map((f) => f.text).join('\n'),
      inputs: Object.keys((result.metafile as Metafile).inputs),
    };
  } catch (err) {
    return { errors: (err as BuildFailure).errors.map((e) => e.text), code: '', inputs: [] };
  }
}

describe('every public main entry bundles for the browser (esbuild --platform=browser)', () => {
  it.each(PUBLIC_PACKAGES)('@rnn/%s imports no Node built-in and does not read process.env', async (name) => {
    const { errors, code, inputs } = await bundleForBrowser(`@rnn/${name}`, ['@tensorflow/*']);
    expect(errors).toEqual([]);
    expect(inputs.filter((i) => NODE_BUILTINS.has(i))).toEqual([]);
    expect(inputs.filter((i) => /cli-progress/.test(i))).toEqual([]);
    expect(code).not.toMatch(/process\.env/);
    expect(code.length).toBeGreaterThan(0);
  });

  it('bundles @rnn/seq2seq together with tfjs and its wasm backend (what a page ships)', async () => {
    const { errors, inputs } = await bundleForBrowser('@rnn/seq2seq', []);
    expect(errors).toEqual([]);
    expect(inputs.some((i) => i.includes('@tensorflow/tfjs-backend-wasm'))).toBe(true);
  });

  // The check can fail: the ./node entries are exactly what a browser bundle must not contain.
  it.each(['core', 'data', 'layers', 'seq2seq'])('rejects @rnn/%s/node, which needs Node built-ins', async (name) => {
    const { errors } = await bundleForBrowser(`@rnn/${name}/node`, ['@tensorflow/*']);
    expect(errors.join('\n')).toMatch(/Could not resolve "(fs|path|os|crypto|module|node:[a-z_/]+)"/);
  });
});
