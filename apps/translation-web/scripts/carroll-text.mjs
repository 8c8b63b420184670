// The train page's text: `vite build` copies Alice in Wonderland from the data root (RNN_DATA_ROOT, else
// the repository's ../shared/data) to dist/text/, and `vite` (dev) serves it at /text/. Not committed:
// it is read from the data root at build time.
import { copyFileSync, createReadStream, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { appDir } from './bundle-source.mjs';

export const TEXT_FILE = 'alice-in-wonderland.txt';

/** The data root: `RNN_DATA_ROOT`, else `<repo>/../shared/data`. */
export function dataRoot(env = process.env) {
  return env.RNN_DATA_ROOT ?? resolve(appDir, '..', '..', '..', 'shared', 'data');
}

/** The vite plugin. */
export function carrollText() {
  const source = join(dataRoot(), 'text', TEXT_FILE);
  let outDir = 'dist';
  return {
    name: 'rnn-carroll-text',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    configureServer(server) {
      server.middlewares.use(`/text/${TEXT_FILE}`, (_req, res) => {
        res.setHeader('Content-Type', 'text/plain; charset=utf-8');
        createReadStream(source).pipe(res);
      });
    },
    closeBundle() {
      if (!existsSync(source)) {
        this.warn(`no ${source}: the train page will have no text (set RNN_DATA_ROOT)`);
        return;
      }
      mkdirSync(join(outDir, 'text'), { recursive: true });
      copyFileSync(source, join(outDir, 'text', TEXT_FILE));
    },
  };
}
