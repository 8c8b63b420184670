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
  // Shared modules go to chunks in both formats, so the main entry and the ./node entry share one
  // copy of each module (one ValueError class, one installed Node platform) in CJS as in ESM.
  splitting: true,
};

/**
 * The entries of a package with a Node-only half: `src/index.ts` (runs in Node and browsers) and
 * `src/node/index.ts` (the `./node` subpath: files, environment, terminal), built to dist/index.* and
 * dist/node.*.
 */
export const nodeEntry = { index: 'src/index.ts', node: 'src/node/index.ts' };

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
