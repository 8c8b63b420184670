#!/bin/bash
# The validation sweep behind the `small` default (README "How the small config was chosen").
# Every config trains seeds 42, 43, 44 with `train --seeds 3` on top of the pre-sweep small config
# (embedding 64, dropout 0.3 before each Dense, batch 32, 8 epochs, Adam 1e-3, `pre` padding), two at a time,
# under `nice -n 10`. Only the VALIDATION accuracies (seed<k>_valAccuracy in metrics.json) were read to
# choose (validation.txt, printed by the python below); the test scores of these runs were never looked at.
# Run from apps/sentiment after building; writes /tmp/sentsweep/<name>/.
set -e
run() { nice -n 10 node dist/main.js train --seeds 3 $2 --out /tmp/sentsweep/$1 > /tmp/sentsweep/$1.out 2>&1; }
mkdir -p /tmp/sentsweep
( run mwc2 "--min-word-count 2"; run ed03 "--embedding-dropout 0.3"; run lr3e3 "--learning-rate 0.003"
  run ed05 "--embedding-dropout 0.5"; run ed03_emb128 "--embedding-dropout 0.3 --embedding-dim 128" ) &
( run emb32 "--embedding-dim 32"; run emb128 "--embedding-dim 128"; run l2_1e4 "--embedding-l2 0.0001"
  run ed03_ld03 "--embedding-dropout 0.3 --lstm-dropout 0.3"; run base "--embedding-dropout 0 --dropout 0.3" ) &
wait
for d in /tmp/sentsweep/*/sentiment/*/; do
  python3 - "$d" <<'PY'
import json, statistics as st, sys
d = sys.argv[1]; s = json.load(open(d + 'metrics.json'))['summary']
v = [s[k] for k in sorted(s) if k.endswith('_valAccuracy')]
print(d.split('/')[3], 'val', ' '.join(f'{x*100:.1f}' for x in v), f'mean {st.mean(v)*100:.2f} ± {st.stdev(v)*100:.2f}')
PY
done
