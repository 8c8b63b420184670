#!/usr/bin/env python3
"""Scores every candidate of PROTOCOL.md from the cv JSON files; writes cv-summary.json and prints a table.

Usage (from apps/sentiment): python3 reference/cv/summarise.py
Reads the per-fold JSON files that run-cv.sh writes to results/cv/ (git-ignored run output) and
writes cv-summary.json beside this script.
Only held-out accuracies of the non-test sentences are read; the test split is never touched by `cv`.
"""
import glob, json, math, os, statistics as st

HERE = os.path.dirname(os.path.abspath(__file__))
RUNS = os.path.join(HERE, '..', '..', 'results', 'cv')


def load(name):
    p = os.path.join(RUNS, name + '.json')
    return json.load(open(p)) if os.path.exists(p) else None


def pick_holdout(fold, rule, weights, max_epochs):
    """Held-out accuracy of the epoch a validation checkpoint keeps (inner validation only)."""
    eps = fold['epochs'][:max_epochs]
    v = 'val' if weights == 'raw' else 'valEma'
    h = 'heldOut' if weights == 'raw' else 'heldOutEma'
    best = None
    for e in eps:
        acc, loss = e[v]['accuracy'], e[v]['loss']
        if best is None:
            best = e; continue
        b = best[v]
        if rule == 'acc' and (acc > b['accuracy'] or (acc == b['accuracy'] and loss < b['loss'])):
            best = e
        if rule == 'loss' and loss < b['loss']:
            best = e
    return best[h]['accuracy'], best['epoch']


def candidates(name, data):
    out = {}
    res = data['results']
    if data['protocol'] == 'holdout':
        for n in (8, 10):
            for w in ('raw', 'ema'):
                for rule in ('acc', 'loss'):
                    picks = [pick_holdout(f, rule, w, n) for f in res]
                    out[f'{name}: H-{rule}-{w}-{n}'] = ([p[0] for p in picks], [p[1] for p in picks])
    else:
        n = min(len(f['epochs']) for f in res)
        for w in ('raw', 'ema'):
            h = 'heldOut' if w == 'raw' else 'heldOutEma'
            for E in range(1, n + 1):
                out[f'{name}: R-{w}-{E}'] = ([f['epochs'][E - 1][h]['accuracy'] for f in res], [E] * len(res))
    return out


def main():
    table = {}
    meta = {}
    for p in sorted(glob.glob(os.path.join(RUNS, '*.json'))):
        name = os.path.basename(p)[:-5]
        if name == 'cv-summary':
            continue
        d = json.load(open(p))
        meta[name] = {
            'protocol': d['protocol'], 'folds_done': len(d['results']),
            'cpu_seconds_per_fold': st.mean(f['cpuSeconds'] for f in d['results']),
            'wall_seconds_per_fold': st.mean(f['wallSeconds'] for f in d['results']),
            'sizes': d['results'][0]['sizes'],
            'cfg': {k: d['cfg'][k] for k in ('embeddingDim', 'learningRate', 'dropout', 'embeddingDropout', 'batchSize')},
        }
        complete = len(d['results']) == d['folds'] * d['seeds']
        meta[name]['complete'] = complete
        for k, v in candidates(name, d).items():
            table[k] = v + (complete,)
    ref_key = 'base-holdout: H-acc-raw-8'
    ref = table.get(ref_key, (None,))[0]
    rows = []
    for k, (accs, epochs, complete) in table.items():
        row = {'candidate': k, 'complete': complete, 'n': len(accs), 'mean': st.mean(accs), 'std': st.stdev(accs) if len(accs) > 1 else 0.0,
               'per_fold': accs, 'epochs': epochs}
        if ref is not None and len(ref) == len(accs):
            d = [a - b for a, b in zip(accs, ref)]
            row['diff_vs_default'] = st.mean(d)
            row['diff_se'] = st.stdev(d) / math.sqrt(len(d)) if len(d) > 1 else 0.0
        rows.append(row)
    # The rule (PROTOCOL.md): highest mean held-out accuracy among complete candidates; exact ties go to the
    # current default, then raw before averaged weights, then fewer epochs.
    def simplicity(r):
        c = r['candidate']
        return (c != ref_key, '-ema-' in c, max(r['epochs']))
    rows.sort(key=lambda r: (not r['complete'], -r['mean'], simplicity(r)))
    winner = rows[0]['candidate'] if rows and rows[0]['complete'] else None
    json.dump({'meta': meta, 'default': ref_key, 'rule': 'highest mean held-out CV accuracy (complete candidates only)', 'winner': winner, 'candidates': rows}, open(os.path.join(HERE, 'cv-summary.json'), 'w'), indent=1)
    for name, m in meta.items():
        print(f"{name}: {m['folds_done']} folds, {m['cpu_seconds_per_fold']:.0f} s CPU / {m['wall_seconds_per_fold']:.0f} s wall per fold, sizes {m['sizes']}, {m['cfg']}")
    print(f"{'candidate':40s} {'n':>3s} {'mean':>7s} {'std':>6s} {'Δ default':>10s}  epochs kept")
    for r in rows:
        d = f"{100*r['diff_vs_default']:+.2f}±{100*r['diff_se']:.2f}" if 'diff_vs_default' in r else ''
        print(f"{r['candidate'] + ('' if r['complete'] else ' (partial)'):40s} {r['n']:3d} {100*r['mean']:6.2f}% {100*r['std']:5.2f} {d:>12s}  {','.join(map(str, r['epochs']))}")


    print(f'winner by the rule: {winner}')


if __name__ == '__main__':
    main()
