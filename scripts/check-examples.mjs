#!/usr/bin/env node
// Type-checks every TSDoc `@example` code block of a workspace package against the package's built
// public entries, so the examples cannot rot. Each block becomes the body of an async function in a
// generated file that imports, from the package's own entries (`.` then `./node`) and then from the
// @rnn packages it depends on, every exported name the block uses, plus `tf` (@tensorflow/tfjs). Free
// variables an example relies on (a trained `model`, a `dir`...) are declared once per package in
// `<package>/examples.prelude.ts`, the way a doctest set-up gives its fixtures.
//
// Usage: node scripts/check-examples.mjs [packages/<name> ...]   (default: every package)
// Prints one line per failing example (file:line: message) and exits 1 when any fails.
// Needs the packages built (`npm run build`): examples import the built entries.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const ts = require('typescript');

/** Source files of a folder, tests excluded. */
function sourceFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** `{ line, code }` of every ```ts block that follows an `@example` tag in a file's doc comments. */
export function extractExamples(text) {
  const lines = text.split('\n');
  const found = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*\*\s*@example\b/.test(lines[i])) continue;
    let j = i + 1;
    while (j < lines.length && /^\s*\*\s*$/.test(lines[j])) j++;
    if (!/^\s*\*\s*```(ts|typescript)\s*$/.test(lines[j] ?? '')) continue;
    const body = [];
    let k = j + 1;
    for (; k < lines.length && !/^\s*\*\s*```\s*$/.test(lines[k]); k++) body.push(lines[k].replace(/^\s*\* ?/, ''));
    found.push({ line: j + 2, code: body.join('\n') });
    i = k;
  }
  return found;
}

/** Names exported (as values or types) by an entry file, read from its `export {…} from` lists. */
function entryExports(file) {
  if (!existsSync(file)) return [];
  const text = readFileSync(file, 'utf8');
  const names = [];
  for (const m of text.matchAll(/export\s+(?:type\s+)?\{([^}]*)\}/g)) {
    for (const part of m[1].split(',')) {
      const name = part
        .trim()
        .replace(/^type\s+/, '')
        .split(/\s+as\s+/)
        .pop()
        ?.trim();
      if (name) names.push(name);
    }
  }
  for (const m of text.matchAll(/export\s+(?:async\s+)?(?:function|class|const|interface|type)\s+([A-Za-z_$][\w$]*)/g)) names.push(m[1]);
  return names;
}

function packageDirs() {
  return readdirSync(join(root, 'packages'))
    .map((d) => join(root, 'packages', d))
    .filter((d) => existsSync(join(d, 'package.json')) && existsSync(join(d, 'src', 'index.ts')));
}

/** name -> module specifier, own package first (main, then ./node), then its @rnn dependencies. */
function importTable(pkgDir) {
  const table = new Map();
  const add = (dir) => {
    const { name } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    for (const n of entryExports(join(dir, 'src', 'index.ts'))) if (!table.has(n)) table.set(n, name);
    for (const n of entryExports(join(dir, 'src', 'node', 'index.ts'))) if (!table.has(n)) table.set(n, `${name}/node`);
  };
  add(pkgDir);
  // Then the @rnn packages this one depends on: an example can only use what its package can.
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  const deps = new Set(Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies }));
  for (const d of packageDirs()) {
    if (d !== pkgDir && deps.has(JSON.parse(readFileSync(join(d, 'package.json'), 'utf8')).name)) add(d);
  }
  return table;
}

/** Type-check one package's examples; returns the failures as `file:line: message` strings. */
export function checkPackage(pkgDir) {
  const table = importTable(pkgDir);
  // Last resort for examples on internal symbols: any module of the package that exports the name.
  const internal = new Map();
  for (const src of sourceFiles(join(pkgDir, 'src'))) {
    for (const n of entryExports(src)) if (!internal.has(n)) internal.set(n, src.replace(/\.ts$/, '.js'));
  }
  const preludeFile = join(pkgDir, 'examples.prelude.ts');
  const prelude = existsSync(preludeFile) ? readFileSync(preludeFile, 'utf8') : '';
  const preludeNames = new Set([...prelude.matchAll(/declare\s+(?:const|let|function|class)\s+([A-Za-z_$][\w$]*)/g)].map((m) => m[1]));
  const outDir = join(root, 'node_modules', '.cache', 'rnn-examples', relative(join(root, 'packages'), pkgDir));
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const files = [];
  const origin = new Map();
  for (const src of sourceFiles(join(pkgDir, 'src'))) {
    const text = readFileSync(src, 'utf8');
    // An example on an internal (not re-exported) symbol imports it from its own module.
    const local = new Set(entryExports(src));
    extractExamples(text).forEach((ex, i) => {
      const used = new Set(ex.code.replace(/^import\s.*$/gm, '').match(/[A-Za-z_$][\w$]*/g) ?? []);
      for (const l of ex.code.split('\n').filter((x) => /^import\s/.test(x))) {
        for (const n of l.replace(/from.*$/, '').match(/[A-Za-z_$][\w$]*/g) ?? []) used.delete(n);
      }
      const bySpec = new Map();
      for (const name of used) {
        const spec = table.get(name) ?? (local.has(name) ? src.replace(/\.ts$/, '.js') : internal.get(name));
        if (!spec || preludeNames.has(name)) continue;
        if (!bySpec.has(spec)) bySpec.set(spec, []);
        bySpec.get(spec).push(name);
      }
      const imports = [...bySpec].map(([spec, names]) => `import { ${names.join(', ')} } from '${spec}';`);
      // `import` lines of the example itself go to the top of the generated module.
      const own = ex.code.split('\n').filter((l) => /^import\s/.test(l));
      const body = ex.code
        .split('\n')
        .map((l) => (/^import\s/.test(l) ? '' : l))
        .join('\n');
      const header = [
        own.some((l) => /\btf\b/.test(l.replace(/from.*$/, ''))) ? '' : "import * as tf from '@tensorflow/tfjs';",
        ...own,
        ...imports,
        'export async function example(): Promise<void> {',
      ];
      const file = join(outDir, `${relative(join(pkgDir, 'src'), src).replace(/[/.]/g, '_')}_${i}.ts`);
      writeFileSync(file, `${header.join('\n')}\n${body}\n}\nvoid tf;\n`);
      files.push(file);
      origin.set(file, { src, line: ex.line, offset: header.length });
    });
  }
  if (prelude) writeFileSync(join(outDir, 'prelude.d.ts'), prelude);
  const base = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')).compilerOptions;
  const options = ts.convertCompilerOptionsFromJson(
    {
      ...base,
      lib: ['ES2022', 'DOM'],
      types: ['node'],
      noEmit: true,
      declaration: false,
      declarationMap: false,
      sourceMap: false,
      noUnusedLocals: false,
      noUncheckedIndexedAccess: false,
      verbatimModuleSyntax: false,
      isolatedModules: false,
    },
    pkgDir,
  ).options;
  const program = ts.createProgram([...files, ...(prelude ? [join(outDir, 'prelude.d.ts')] : [])], options);
  const failures = [];
  for (const d of ts.getPreEmitDiagnostics(program)) {
    // Only the examples are checked here; the sources they import are `tsc`'s job (`npm run typecheck`).
    if (d.file && !d.file.fileName.startsWith(outDir)) continue;
    const msg = ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n')[0];
    const o = d.file && origin.get(d.file.fileName);
    if (o && d.start !== undefined) {
      const { line } = d.file.getLineAndCharacterOfPosition(d.start);
      failures.push(`${relative(root, o.src)}:${o.line + line - o.offset}: ${msg}`);
    } else failures.push(`${d.file ? relative(root, d.file.fileName) : relative(root, pkgDir)}: ${msg}`);
  }
  return { count: files.length, failures };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dirs = process.argv.length > 2 ? process.argv.slice(2).map((d) => join(process.cwd(), d)) : packageDirs();
  let bad = 0;
  for (const dir of dirs) {
    const { count, failures } = checkPackage(dir);
    console.log(`${relative(root, dir)}: ${count} examples, ${failures.length} errors`);
    for (const f of failures) console.log(`  ${f}`);
    bad += failures.length;
  }
  process.exit(bad ? 1 : 0);
}
