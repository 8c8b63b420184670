import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';
import { libraryOptions } from '../../tsup.preset.mjs';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  ...libraryOptions,
  // BLEU signatures carry the package version (see src/version.ts).
  define: { __RNN_METRICS_VERSION__: JSON.stringify(version) },
});
