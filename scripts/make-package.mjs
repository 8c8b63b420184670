// One-off scaffolding used to create the library packages with identical metadata.
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
const [name, description, depsJson = '{}', keywords = ''] = process.argv.slice(2);
const dir = `packages/${name}`;
mkdirSync(`${dir}/src`, { recursive: true });
const deps = JSON.parse(depsJson);
const pkg = {
  name: `@rnn/${name}`,
  version: '0.0.0',
  description,
  license: 'MIT',
  author: 'rnn-ts authors',
  keywords: ['tensorflow', 'tfjs', 'rnn', 'machine-learning', ...keywords.split(',').filter(Boolean)],
  repository: { type: 'git', url: 'git+https://github.com/rnn-ts/rnn-ts.git', directory: dir },
  homepage: `https://github.com/rnn-ts/rnn-ts/tree/main/${dir}#readme`,
  type: 'module',
  sideEffects: false,
  exports: {
    '.': {
      import: { types: './dist/index.d.ts', default: './dist/index.js' },
      require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
    },
    './package.json': './package.json',
  },
  main: './dist/index.cjs',
  module: './dist/index.js',
  types: './dist/index.d.cts',
  files: ['dist', '!dist/**/*.map'],
  engines: { node: '>=20.11' },
  publishConfig: { access: 'public' },
  scripts: {
    build: 'tsup',
    dev: 'tsup --watch',
    typecheck: 'tsc --noEmit',
    test: 'node --experimental-vm-modules --no-warnings ../../node_modules/jest/bin/jest.js --passWithNoTests --json --outputFile=.jest-results.json',
    'lint:pkg': 'publint --strict && attw --pack . --profile node16',
  },
  dependencies: deps,
  peerDependencies: { '@tensorflow/tfjs': '^4.22.0' },
  devDependencies: { '@tensorflow/tfjs': '^4.22.0' },
};
if (Object.keys(deps).length === 0) delete pkg.dependencies;
writeFileSync(`${dir}/package.json`, JSON.stringify(pkg, null, 2) + '\n');
writeFileSync(`${dir}/tsconfig.json`, JSON.stringify({ extends: '../../tsconfig.base.json', include: ['src', 'test'] }, null, 2) + '\n');
writeFileSync(`${dir}/jest.config.mjs`, "import preset from '../../jest.preset.mjs';\n\nexport default { ...preset };\n");
writeFileSync(`${dir}/tsup.config.ts`, `import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  treeshake: true,
});
`);
if (!existsSync(`${dir}/src/index.ts`)) writeFileSync(`${dir}/src/index.ts`, 'export {};\n');
