"""Collects nmt_reference.py result files into one small JSON (apps/translation/reference/results.json):
per run its flags, parameters, steps, PyTorch CPU time (one thread), per-epoch losses and validation BLEU-4,
and test BLEU-4 when the run was made with --test.
Usage: python3 summarize.py [--append] out.json run1.json run2.json ...   (--append keeps out.json's runs)
"""
import json
import os
import sys

KEYS = ['seed', 'epochs', 'lr', 'schedule', 'warmup', 'bidir', 'reverse_source', 'input_feeding', 'tied', 'dropout',
        'label_smoothing', 'batch', 'units', 'emb', 'min_freq', 'max_steps']
args = sys.argv[1:]
append = args[0] == '--append'
if append:
    args = args[1:]
out = json.load(open(args[0])) if append and os.path.exists(args[0]) else []
for path in args[1:]:
    r = json.load(open(path))
    out.append({
        'run': os.path.basename(path)[:-5],
        'flags': {k: r['args'][k] for k in KEYS if k in r['args']},
        'params': r['params'], 'vocab': [r['srcVocab'], r['tgtVocab']], 'steps': r['steps'],
        'torchCpuSeconds': round(r['trainCpuSeconds'], 1), 'torchMsPerStep': round(r['msPerStep'], 1),
        'epochs': [{k: (round(v, 4) if isinstance(v, float) else v) for k, v in e.items()} for e in r['epochs']],
        'bestEpoch': r['bestEpoch'], 'bestValBleu4': round(r['bestValBleu4'], 4),
        **({'test': r['test']} if 'test' in r else {}),
    })
json.dump(out, open(args[0], 'w'), indent=1)
print(f'{args[0]}: {len(out)} runs')
