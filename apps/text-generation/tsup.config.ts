import { defineConfig } from 'tsup';
import { appOptions } from '../../tsup.preset.mjs';

// The CLI, and the model entry (`@rnn/app-text-generation/model`: the character LM and the trigram baseline, no
// file IO) that the in-page trainer of apps/translation-web imports.
export default defineConfig([appOptions, { entry: { model: 'src/model/index.ts' }, format: ['esm'], dts: true, sourcemap: true, target: 'es2022' }]);
