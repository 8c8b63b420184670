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
