import { cpSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { BUNDLE_DIR_ENV, bundleSource } from './scripts/bundle-source.mjs';
import { carrollText } from './scripts/carroll-text.mjs';

/** Folder inside the built page where the translator bundle is copied (the page's default `?bundle=`). */
const BUNDLE_OUT = 'bundle';

/**
 * Ships the translator bundle with the page: `vite build` copies every file of the bundle folder
 * (`RNN_WEB_BUNDLE_DIR`, else the latest `npm run demo` run) to `dist/bundle/`, and `vite` (dev) serves it
 * at `/bundle/`. The files are copied as they are; only the library's loader reads them.
 */
function translatorBundle(): Plugin {
  const source: string | undefined = bundleSource();
  let outDir = 'dist';
  return {
    name: 'rnn-translator-bundle',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    configureServer(server) {
      if (source === undefined) return;
      server.middlewares.use(`/${BUNDLE_OUT}/`, (req, res, next) => {
        const file = join(source, decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/'));
        if (!file.startsWith(source) || !existsSync(file)) return next();
        res.setHeader('Content-Type', file.endsWith('.json') ? 'application/json' : 'application/octet-stream');
        import('node:fs').then(({ createReadStream }) => createReadStream(file).pipe(res));
      });
    },
    closeBundle() {
      if (source === undefined) {
        this.warn(`no translator bundle to ship: run \`npm run demo\` first, or set ${BUNDLE_DIR_ENV}; the page will need ?bundle=<url>`);
        return;
      }
      cpSync(source, join(outDir, BUNDLE_OUT), { recursive: true });
    },
  };
}

/**
 * COOP/COEP make the page cross-origin isolated, which the threaded wasm build needs
 * (SharedArrayBuffer). Both servers (dev and preview) send them.
 */
const isolationHeaders = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export default defineConfig({
  base: './',
  plugins: [translatorBundle(), carrollText()],
  // The train page's worker imports tfjs too: ES module workers share the page's chunking.
  worker: { format: 'es', rolldownOptions: { external: ['@tensorflow/tfjs-node'] } },
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
    rolldownOptions: {
      // Two pages: translate (index.html) and train (train.html).
      input: { main: resolve(import.meta.dirname, 'index.html'), train: resolve(import.meta.dirname, 'train.html') },
      // @rnn/core's setupBackend imports tfjs-node only for backend 'tensorflow' (Node); the page never
      // asks for it, and tsup's build turns its computed import name back into a literal one.
      external: ['@tensorflow/tfjs-node'],
      // tfjs in its own chunk, so the page's own code (ours: the @rnn packages and this app) is measured apart.
      output: { codeSplitting: { groups: [{ name: 'tfjs', test: /node_modules[\\/]@tensorflow[\\/]/ }] } },
    },
  },
});
