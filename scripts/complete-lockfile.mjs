#!/usr/bin/env node
// Completes package-lock.json with the platform-specific optional packages that npm could not
// resolve (npm/cli#4828 and mirrors that do not carry every platform's binary at every version).
// Without these entries `npm ci` rejects the lockfile ("Missing: @rollup/rollup-win32-x64-msvc@ from
// lock file") even though it would skip those packages on this platform. Each added entry carries the
// version its parent asks for and the package's `os`/`cpu`/`libc` (read from the registry), so npm
// still skips it on non-matching platforms and installs it normally where it matches.
// Run after any `npm install` that changes the lockfile: `node scripts/complete-lockfile.mjs`.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

// Platform packages the registry does not carry at all: read the platform off the name
// (`@biomejs/cli-android-arm64` → os android, cpu arm64).
function fromName(name) {
  const parts = name.split('/').pop().split('-');
  const os = parts.find((p) => ['android', 'darwin', 'linux', 'win32', 'freebsd', 'openbsd', 'netbsd', 'sunos', 'aix', 'openharmony'].includes(p));
  const cpu = parts.find((p) => ['arm64', 'x64', 'ia32', 'arm', 'ppc64', 's390x', 'riscv64', 'loong64'].includes(p));
  return os && cpu ? { os: [os], cpu: [cpu] } : {};
}

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const pkgs = lock.packages;
let added = 0;
for (const [key, meta] of Object.entries(pkgs)) {
  for (const [dep, range] of Object.entries(meta.optionalDependencies ?? {})) {
    // npm resolves a dependency in the nearest node_modules up the tree; hoisted is the usual place.
    const nested = `${key ? `${key}/` : ''}node_modules/${dep}`;
    const hoisted = `node_modules/${dep}`;
    if (pkgs[nested] || pkgs[hoisted]) continue;
    let info = {};
    try {
      info = JSON.parse(execFileSync('npm', ['view', dep, 'os', 'cpu', 'libc', '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }) || '{}');
    } catch {
      info = {};
    }
    if (!info.os && !info.cpu) info = fromName(dep);
    if (!info.os && !info.cpu) {
      console.warn(`skip ${dep}: neither the registry nor its name gives its os/cpu`);
      continue;
    }
    const version = String(range).replace(/^[\^~=]/, '');
    pkgs[hoisted] = {
      version,
      dev: meta.dev || undefined,
      optional: true,
      ...(info.os && { os: info.os }),
      ...(info.cpu && { cpu: info.cpu }),
      ...(info.libc && { libc: info.libc }),
    };
    added++;
  }
}
const sorted = Object.fromEntries(Object.entries(pkgs).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)));
lock.packages = sorted;
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: added ${added} platform-specific optional entries`);
