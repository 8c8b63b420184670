#!/usr/bin/env bash
# The system packages the tests need (Python reference libraries for the golden tests, OpenBLAS for torch,
# chromium for the browser tests), installed with apt-get only when missing: a machine that has them all does
# no apt work at all, and `apt-get update` runs only when something has to be installed.
set -euo pipefail
PACKAGES=(python3-nltk python3-keras-preprocessing python3-torch libopenblas0-openmp chromium)

missing=()
for p in "${PACKAGES[@]}"; do
  # `dpkg -s` also answers for a removed package whose config files remain, so check the status line
  if ! dpkg -s "$p" 2>/dev/null | grep -q "^Status: install ok installed"; then missing+=("$p"); fi
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: all present (${PACKAGES[*]})"
  exit 0
fi
echo "system packages: installing ${missing[*]}"
SUDO=()
if [ "$(id -u)" -ne 0 ]; then SUDO=(sudo); fi
"${SUDO[@]}" apt-get update
DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
