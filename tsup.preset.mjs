/**
 * Build options shared by every library package (tsup 8): ESM + CJS + .d.ts/.d.cts for Node 20, tfjs and
 * sibling packages left external (tsup externalizes dependencies and peerDependencies by default).
 * Each package's tsup.config.ts spreads this and adds only what is its own.
 * @type {import('tsup').Options}
 */
export const libraryOptions = {
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  treeshake: true,
};

/**
 * Build options shared by every sample app: a private CLI, one ESM entry with a shebang; workspace
 * packages stay external (resolved from their dist/).
 * @type {import('tsup').Options}
 */
export const appOptions = {
  entry: ['src/main.ts'],
  format: ['esm'],
  sourcemap: true,
  clean: true,
  target: 'node20',
  banner: { js: '#!/usr/bin/env node' },
};
