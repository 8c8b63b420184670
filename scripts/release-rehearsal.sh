#!/usr/bin/env bash
# Release rehearsal (run by .ci/run before the tests): publish every public @rnn/* package to a
# throwaway local registry exactly the way a release does, then install them in a fresh project
# outside the repo the way a user does, and prove they work there.
#
#   1. build the six public packages; check their hygiene (scripts/rehearsal/check-packages.mjs)
#   2. copy the repo to a temp dir and apply `changeset version` there (pending changesets, if any; the
#      packages stay at their released 0.1.0 when there are none) - the real checkout is never modified
#   3. start verdaccio (root devDependency) on 127.0.0.1:<free port> with a throwaway storage
#      folder: @rnn/* are local-only and publishable anonymously, everything else is proxied to
#      the npm registry this machine is configured with (`npm config get registry`)
#   4. `changeset publish` to it with a throwaway token in a temp .npmrc
#   5. in a new temp folder outside the repo: `npm install @rnn/seq2seq @tensorflow/tfjs` (plus
#      typescript and @types/node for the type check) from that registry only, then run the ESM and
#      CommonJS copy-task scripts and `tsc --noEmit` from scripts/rehearsal/downstream
#   6. patch release: add a changeset (patch for @rnn/core and @rnn/seq2seq) in the temp copy,
#      version + publish 0.1.1, `npm update` downstream, check the versions moved and step 5's
#      scripts still pass
# Verdaccio is stopped and the temp dirs removed whatever happens (trap); any error fails the run.
# Set REHEARSAL_KEEP=1 to keep the temp dir for debugging.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="$ROOT/node_modules/.bin"
PUBLIC=(core tokenizers metrics data layers seq2seq)
START=$SECONDS
step() { printf '[rehearsal +%3ss] %s\n' "$((SECONDS - START))" "$*"; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/rnn-release-rehearsal.XXXXXX")"
case "$WORK/" in "$ROOT"/*) echo "temp dir $WORK is inside the repo" >&2; exit 1 ;; esac
COPY="$WORK/repo"
DOWN="$WORK/downstream"
VERDACCIO_DIR="$WORK/verdaccio"
VERDACCIO_LOG="$VERDACCIO_DIR/verdaccio.log"
VERDACCIO_PID=""

cleanup() {
  local rc=$?
  if [[ -n "$VERDACCIO_PID" ]] && kill -0 "$VERDACCIO_PID" 2>/dev/null; then
    kill "$VERDACCIO_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$VERDACCIO_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$VERDACCIO_PID" 2>/dev/null || true
    wait "$VERDACCIO_PID" 2>/dev/null || true
  fi
  if [[ $rc -ne 0 && -f "$VERDACCIO_LOG" ]]; then
    echo "--- last lines of the verdaccio log ---" >&2
    tail -n 30 "$VERDACCIO_LOG" >&2 || true
  fi
  if [[ "${REHEARSAL_KEEP:-}" == 1 ]]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
  if [[ $rc -ne 0 ]]; then
    echo "[rehearsal] FAILED (exit $rc) after $((SECONDS - START))s" >&2
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Quiet, colourless npm output in logs; keep npm's warnings about real problems.
export FORCE_COLOR=0 NO_COLOR=1 npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

# ---------------------------------------------------------------------------------------------
step "1/6 build the public packages"
filters=()
for p in "${PUBLIC[@]}"; do filters+=("--filter=@rnn/$p"); done
(cd "$ROOT" && "$BIN/turbo" run build "${filters[@]}" --output-logs=errors-only >"$WORK/build.log" 2>&1) || {
  cat "$WORK/build.log" >&2
  echo "build failed" >&2
  exit 1
}
step "1/6 package hygiene: metadata, npm pack contents, publint --strict, attw --pack"
node "$ROOT/scripts/rehearsal/check-packages.mjs" "${PUBLIC[@]}"

# ---------------------------------------------------------------------------------------------
step "2/6 copy the repo to a temp dir and apply \`changeset version\` there"
mkdir -p "$COPY"
(cd "$ROOT" && tar --exclude=node_modules --exclude=./.git --exclude=.turbo \
  --exclude='.jest-results.json' -cf - .) | tar -xf - -C "$COPY"
# The copy shares the checkout's installed tools (changeset, npm workspaces are not needed there).
ln -s "$ROOT/node_modules" "$COPY/node_modules"
(cd "$COPY" && "$BIN/changeset" version >"$WORK/version.log" 2>&1) || { cat "$WORK/version.log" >&2; exit 1; }
node -e '
  const [copy, ...names] = process.argv.slice(1);
  const want = "0.1.0";
  for (const n of names) {
    const p = require(`${copy}/packages/${n}/package.json`);
    if (p.version !== want) throw new Error(`${p.name} is ${p.version} after changeset version, expected ${want}`);
    for (const [d, r] of Object.entries(p.dependencies ?? {})) {
      if (d.startsWith("@rnn/") && r !== `^${want}`) throw new Error(`${p.name} depends on ${d}@${r}, expected ^${want}`);
    }
  }
  const kit = require(`${copy}/packages/app-kit/package.json`);
  if (!kit.private || kit.version !== "0.0.0") throw new Error("@rnn/app-kit must stay private and unversioned");
  console.log(`  ${names.map((n) => `@rnn/${n}`).join(", ")} -> ${want}; internal ranges ^${want}; @rnn/app-kit private, not versioned`);
' "$COPY" "${PUBLIC[@]}"

# ---------------------------------------------------------------------------------------------
step "3/6 start verdaccio with a throwaway storage"
UPLINK="$(cd "$WORK" && npm config get registry 2>/dev/null)"
PORT="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
REGISTRY="http://127.0.0.1:$PORT/"
mkdir -p "$VERDACCIO_DIR/storage"
cat >"$VERDACCIO_DIR/config.yaml" <<YAML
storage: $VERDACCIO_DIR/storage
auth:
  htpasswd:
    file: $VERDACCIO_DIR/htpasswd
    max_users: -1
uplinks:
  npmjs:
    url: $UPLINK
    timeout: 60s
    maxage: 30m
packages:
  '@rnn/*':
    # ours: served from the throwaway storage only (never the public registry), anyone may publish
    access: \$all
    publish: \$all
    unpublish: \$all
  '**':
    access: \$all
    publish: \$authenticated
    proxy: npmjs
web:
  enable: false
server:
  keepAliveTimeout: 60
max_body_size: 100mb
log: { type: stdout, format: pretty, level: warn }
YAML
"$BIN/verdaccio" --config "$VERDACCIO_DIR/config.yaml" --listen "127.0.0.1:$PORT" >"$VERDACCIO_LOG" 2>&1 &
VERDACCIO_PID=$!
for i in $(seq 150); do
  if curl -fsS -o /dev/null "${REGISTRY}-/ping" 2>/dev/null; then break; fi
  kill -0 "$VERDACCIO_PID" 2>/dev/null || { echo "verdaccio exited" >&2; exit 1; }
  [[ $i -eq 150 ]] && { echo "verdaccio did not answer on $REGISTRY within 30 s" >&2; exit 1; }
  sleep 0.2
done
step "3/6 verdaccio (pid $VERDACCIO_PID) answers on $REGISTRY; uplink $UPLINK"

# A throwaway token: @rnn/* allow anonymous publish, npm just insists on sending some credential.
NPMRC="$WORK/publish.npmrc"
printf 'registry=%s\n//127.0.0.1:%s/:_authToken=rehearsal-%s\n' "$REGISTRY" "$PORT" "$RANDOM$RANDOM" >"$NPMRC"

publish() { # changeset publish from the temp copy into the local registry
  (cd "$COPY" && npm_config_userconfig="$NPMRC" npm_config_registry="$REGISTRY" \
    "$BIN/changeset" publish --no-git-tag >"$WORK/publish.log" 2>&1) || { cat "$WORK/publish.log" >&2; exit 1; }
  # (npm info's 404 for a package's very first version is expected and not shown)
  grep -E '🦋  (success|warn|error)|🦋  @rnn/' "$WORK/publish.log" | grep -v 'Received 404 for npm info' | sed 's/^/  /' || true
}

expect_published() { # name@version...
  local spec
  for spec in "$@"; do
    local got
    got="$(npm view "$spec" version --userconfig "$NPMRC" --registry "$REGISTRY" 2>/dev/null | tail -n 1)"
    [[ "$got" == "${spec##*@}" ]] || { echo "$spec is not on the local registry (got '$got')" >&2; exit 1; }
  done
}

# ---------------------------------------------------------------------------------------------
step "4/6 changeset publish 0.1.0 -> local registry"
publish
specs=()
for p in "${PUBLIC[@]}"; do specs+=("@rnn/$p@0.1.0"); done
expect_published "${specs[@]}"
if npm view @rnn/app-kit version --userconfig "$NPMRC" --registry "$REGISTRY" >/dev/null 2>&1; then
  echo "@rnn/app-kit (private) was published" >&2
  exit 1
fi
step "4/6 on the registry: ${specs[*]} (and not @rnn/app-kit)"

# ---------------------------------------------------------------------------------------------
step "5/6 downstream project outside the repo: npm install @rnn/seq2seq @tensorflow/tfjs"
mkdir -p "$DOWN"
cp "$ROOT"/scripts/rehearsal/downstream/{copy-task.mjs,copy-task.cjs,check-types.ts,check-types.cts,tsconfig.json} "$DOWN/"
cat >"$DOWN/package.json" <<'JSON'
{
  "name": "rnn-downstream-rehearsal",
  "version": "1.0.0",
  "private": true,
  "type": "module"
}
JSON
# Only the local registry: a userconfig of its own (no inherited registry/auth settings).
printf 'registry=%s\n' "$REGISTRY" >"$DOWN/.npmrc"
dnpm() { (cd "$DOWN" && npm_config_userconfig="$DOWN/.npmrc" npm "$@" --registry "$REGISTRY" --no-audit --no-fund); }
dnpm install @rnn/seq2seq @tensorflow/tfjs >"$WORK/install.log" 2>&1 || { cat "$WORK/install.log" >&2; exit 1; }
dnpm install --save-dev typescript@~5.9.3 @types/node@^20 >>"$WORK/install.log" 2>&1 || { cat "$WORK/install.log" >&2; exit 1; }
node -e '
  const [dir, registry] = process.argv.slice(1);
  const lock = require(`${dir}/package-lock.json`);
  const entries = Object.entries(lock.packages).filter(([k]) => k.startsWith("node_modules/"));
  const foreign = entries.filter(([, v]) => !v.link && !(v.resolved ?? "").startsWith(registry));
  if (foreign.length) throw new Error(`not installed from ${registry}: ${foreign.slice(0, 5).map(([k, v]) => `${k} (${v.resolved})`).join(", ")}`);
  const v = (n) => lock.packages[`node_modules/${n}`]?.version;
  const deps = require(`${dir}/package.json`).dependencies;
  console.log(`  ${entries.length} packages, all from ${registry}; package.json: ${JSON.stringify(deps)}`);
  console.log(`  @rnn/seq2seq ${v("@rnn/seq2seq")}, @rnn/core ${v("@rnn/core")}, @tensorflow/tfjs ${v("@tensorflow/tfjs")}, typescript ${v("typescript")}`);
' "$DOWN" "$REGISTRY"

downstream_checks() {
  (cd "$DOWN" && node copy-task.mjs) | sed 's/^/  /'
  (cd "$DOWN" && node copy-task.cjs) | sed 's/^/  /'
  (cd "$DOWN" && "$DOWN/node_modules/.bin/tsc" --noEmit -p tsconfig.json) | sed 's/^/  /'
  echo "  tsc --noEmit: check-types.ts (import types) and check-types.cts (require types) pass"
}
step "5/6 run the ESM and CommonJS copy tasks and tsc --noEmit against the published types"
downstream_checks

# ---------------------------------------------------------------------------------------------
step "6/6 patch release: changeset (patch @rnn/core, @rnn/seq2seq) -> version -> publish 0.1.1"
cat >"$COPY/.changeset/rehearsal-patch.md" <<'MD'
---
"@rnn/core": patch
"@rnn/seq2seq": patch
---

Release rehearsal: a patch release that downstream projects pick up with `npm update`.
MD
(cd "$COPY" && "$BIN/changeset" version >"$WORK/version.log" 2>&1) || { cat "$WORK/version.log" >&2; exit 1; }
publish
expect_published @rnn/core@0.1.1 @rnn/seq2seq@0.1.1 @rnn/data@0.1.0
step "6/6 downstream: npm update"
dnpm update >"$WORK/update.log" 2>&1 || { cat "$WORK/update.log" >&2; exit 1; }
node -e '
  const dir = process.argv[1];
  const v = (n) => require(`${dir}/node_modules/${n}/package.json`).version;
  for (const n of ["@rnn/seq2seq", "@rnn/core"]) {
    if (v(n) !== "0.1.1") throw new Error(`${n} is ${v(n)} after npm update, expected 0.1.1`);
  }
  console.log(`  upgraded: @rnn/seq2seq ${v("@rnn/seq2seq")}, @rnn/core ${v("@rnn/core")} (transitive); @rnn/data stays ${v("@rnn/data")}`);
' "$DOWN"
downstream_checks

step "release rehearsal passed in $((SECONDS - START))s: 0.1.0 published, installed and used (ESM, CJS, tsc); 0.1.1 picked up by npm update"
