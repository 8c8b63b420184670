#!/bin/bash
# Runs the cross-validation of PROTOCOL.md. From apps/sentiment after building:
#   bash reference/cv/run-cv.sh stage1            # holdout + refit of the current small config, 2 processes
#   bash reference/cv/run-cv.sh stage2 <protocol> <name> <flags…>   # one variant
# Writes results/cv/<name>.json (per fold, per epoch held-out scores) and <name>.log (git-ignored run
# output); reference/cv/summarise.py turns them into reference/cv/cv-summary.json.
set -e
mkdir -p "$(dirname "$0")/../../results/cv"
cd "$(dirname "$0")/../.."
OUT=results/cv
cv() { local name=$1 protocol=$2; shift 2
  nice -n 10 node dist/main.js cv --seeds 3 --folds 4 --epochs 10 --protocol "$protocol" --json "$OUT/$name.json" "$@" \
    2>&1 | grep -v 'Orthogonal initializer' > "$OUT/$name.log"; }
case "$1" in
  stage1) cv base-holdout holdout & cv base-refit refit & wait ;;
  stage2) name=$3; protocol=$2; shift 3; cv "$name" "$protocol" "$@" ;;
esac
