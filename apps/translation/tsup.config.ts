import { defineConfig } from 'tsup';

// Apps are private CLIs: one ESM entry with a shebang; workspace packages stay external (resolved from dist/).
export default defineConfig({
  entry: ['src/main.ts'],
  format: ['esm'],
  sourcemap: true,
  clean: true,
  target: 'node20',
  banner: { js: '#!/usr/bin/env node' },
});
