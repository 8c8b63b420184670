#!/usr/bin/env node
// Package hygiene for every public @rnn/* package, run by scripts/release-rehearsal.sh before it
// publishes anything (so CI fails here, with a clear message, instead of in a user's install):
//   - metadata a registry user relies on: repository (with directory), license, keywords, engines,
//     publishConfig.access public, peer dependency @tensorflow/tfjs with the tested range;
//   - `npm pack --dry-run`: the tarball holds only package.json, README.md, LICENSE and dist/ (the
//     four ESM/CJS entry + types files at least; no sources, tests, maps or configs), and for packages
//     with a Node-only half the ./node subpath: its exports entry (ESM, CJS, types), its four dist/node.*
//     files, node/package.json (for node10 resolution) and `sideEffects` listing the node entry;
//   - `publint --strict` and `attw --pack` with attw's full profile (node10, node16 from CJS and
//     from ESM, bundler), i.e. the package's `lint:pkg` script.
// Usage: node scripts/rehearsal/check-packages.mjs [package folder names...]  (packages must be built)
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const PUBLIC_PACKAGES = ['core', 'tokenizers', 'metrics', 'data', 'layers', 'seq2seq'];
/** The @tensorflow/tfjs range the rehearsal installs and tests against (latest 4.x at release time). */
export const TFJS_PEER_RANGE = '^4.22.0';
const REPO_URL = 'git+https://github.com/rnn-ts/rnn-ts.git';
const LINT_PKG = 'publint --strict && attw --pack .';
const REQUIRED_FILES = ['package.json', 'LICENSE', 'dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts'];
/** Packages with a Node-only half behind the ./node subpath (ESM, CJS and types like the main entry). */
export const NODE_SUBPATH_PACKAGES = ['core', 'data', 'layers', 'seq2seq'];
const NODE_FILES = ['dist/node.js', 'dist/node.cjs', 'dist/node.d.ts', 'dist/node.d.cts', 'node/package.json'];
const NODE_EXPORT = {
  import: { types: './dist/node.d.ts', default: './dist/node.js' },
  require: { types: './dist/node.d.cts', default: './dist/node.cjs' },
};

const root = new URL('../..', import.meta.url).pathname;
const names = process.argv.slice(2).length ? process.argv.slice(2) : PUBLIC_PACKAGES;
const problems = [];
const warnings = [];

function run(cmd, args, cwd) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (code) => resolve({ ok: code === 0, out: `${stdout}${stderr}`, stdout }));
  });
}

async function check(dir) {
  const cwd = join(root, 'packages', dir);
  const pkg = JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8'));
  const bad = (msg) => problems.push(`${pkg.name}: ${msg}`);

  if (pkg.private) bad('is private but listed as public');
  if (pkg.license !== 'MIT') bad(`license should be MIT, got ${JSON.stringify(pkg.license)}`);
  if (pkg.repository?.url !== REPO_URL || pkg.repository?.directory !== `packages/${dir}`) {
    bad(`repository should be { url: ${REPO_URL}, directory: packages/${dir} }, got ${JSON.stringify(pkg.repository)}`);
  }
  if (!Array.isArray(pkg.keywords) || pkg.keywords.length < 3) bad('needs at least 3 keywords');
  if (!pkg.engines?.node) bad('needs engines.node');
  if (pkg.publishConfig?.access !== 'public') bad('needs publishConfig.access "public" (scoped packages default to restricted)');
  if (pkg.type !== 'module') bad('should be "type": "module" (dual ESM + CJS build)');
  if (pkg.peerDependencies?.['@tensorflow/tfjs'] !== TFJS_PEER_RANGE) {
    bad(`peerDependencies["@tensorflow/tfjs"] should be the tested range ${TFJS_PEER_RANGE}, got ${pkg.peerDependencies?.['@tensorflow/tfjs']}`);
  }
  if (pkg.dependencies?.['@tensorflow/tfjs']) bad('@tensorflow/tfjs must be a peer dependency, not a dependency (one tfjs engine per app)');
  if (pkg.scripts?.['lint:pkg'] !== LINT_PKG) bad(`scripts["lint:pkg"] should be "${LINT_PKG}"`);
  const hasNode = NODE_SUBPATH_PACKAGES.includes(dir);
  if (hasNode && JSON.stringify(pkg.exports?.['./node']) !== JSON.stringify(NODE_EXPORT)) {
    bad(`exports["./node"] should be ${JSON.stringify(NODE_EXPORT)}, got ${JSON.stringify(pkg.exports?.['./node'])}`);
  }
  if (hasNode && !(Array.isArray(pkg.sideEffects) && pkg.sideEffects.includes('./dist/node.js') && pkg.sideEffects.includes('./dist/node.cjs'))) {
    bad('sideEffects should list ./dist/node.js and ./dist/node.cjs (importing the node entry installs its Node platform)');
  }
  if (!existsSync(join(cwd, 'README.md'))) warnings.push(`${pkg.name}: no README.md yet (npm shows an empty page)`);

  const before = problems.length;
  const pack = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], cwd);
  if (!pack.ok) {
    bad(`npm pack --dry-run failed:\n${pack.out}`);
  } else {
    const files = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('[')))[0].files.map((f) => f.path);
    const top = ['package.json', 'README.md', 'LICENSE', ...(hasNode ? ['node/package.json'] : [])];
    const extra = files.filter((f) => !top.includes(f) && !/^dist\/[^/]+(\/[^/]+)*\.(js|cjs|d\.ts|d\.cts)$/.test(f));
    const missing = [...REQUIRED_FILES, ...(hasNode ? NODE_FILES : [])].filter((f) => !files.includes(f));
    if (extra.length) bad(`tarball has files a user does not need: ${extra.join(', ')}`);
    if (missing.length) bad(`tarball lacks ${missing.join(', ')} (built?)`);
  }

  // The package's lint:pkg script (checked above to be exactly LINT_PKG), run without npm's start-up.
  const publint = await run(join(root, 'node_modules/.bin/publint'), ['--strict'], cwd);
  const attw = publint.ok ? await run(join(root, 'node_modules/.bin/attw'), ['--pack', '.'], cwd) : publint;
  if (!attw.ok) bad(`${publint.ok ? 'attw --pack' : 'publint --strict'} failed:\n${attw.out.trim()}`);
  if (problems.length === before) console.log(`  ok ${pkg.name}: metadata, tarball contents, publint --strict, attw --pack`);
}

// Two at a time: attw packs and unpacks each tarball, and CI machines have two cores.
const queue = [...names];
await Promise.all(
  [0, 1].map(async () => {
    while (queue.length) await check(queue.shift());
  }),
);

for (const w of warnings) console.log(`  warning ${w}`);
if (problems.length) {
  console.error(`\nPackage hygiene failed:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
