"""Trains the mirrored model (nmt_reference.py defaults) N steps in PyTorch and records what is needed to
replay them with @rnn/seq2seq's Trainer (replay-steps.mjs): the initial weights in our layout, every batch,
every loss and gradient norm. Usage: python3 trace_steps.py 200 /tmp/nmt/trace.json
"""
import json
import random
import sys

import torch
import torch.nn as nn

sys.path.insert(0, __file__.rsplit('/', 1)[0])
import nmt_reference as R  # noqa: E402
from torch_layout import ours, plain  # noqa: E402

n_steps, out_path = int(sys.argv[1]), sys.argv[2]
sys.argv = [sys.argv[0]]
a = R.parse_args()
torch.set_num_threads(1)
torch.manual_seed(a.seed)
d = json.load(open(a.split))
sv = R.Vocab([p['source'] for p in d['train']], a.min_freq)
tv = R.Vocab([p['target'] for p in d['train']], a.min_freq)
train = [(sv.encode(p['source']), tv.encode(p['target']) + [R.EOS]) for p in d['train']]
train = [p for p in train if 0 < len(p[0]) <= a.max_tokens and len(p[1]) <= a.max_tokens + 1]
model = R.NMT(len(sv), len(tv), a)
params = dict(model.named_parameters())
init = [{'name': n, **plain(t)} for n, t in ours(lambda k: params[k].detach().clone(), a.units)]
opt = torch.optim.Adam(model.parameters(), lr=a.lr, eps=a.adam_eps)
rng = random.Random(a.seed)
batches, losses, norms = [], [], []
while len(batches) < n_steps:
    for chunk in R.bucket_batches(train, a.batch, rng):
        if len(batches) >= n_steps:
            break
        src, tgt = R.pad([train[i][0] for i in chunk]), R.pad([train[i][1] for i in chunk])
        loss = R.seq_loss(model, src, tgt)
        opt.zero_grad()
        loss.backward()
        norms.append(nn.utils.clip_grad_norm_(model.parameters(), a.clip).item())
        opt.step()
        losses.append(loss.item())
        batches.append({'source': [train[i][0] for i in chunk], 'target': [train[i][1] for i in chunk]})
json.dump({'config': {'sourceVocabSize': len(sv), 'targetVocabSize': len(tv), 'embeddingDim': a.emb, 'units': a.units},
           'lr': a.lr, 'clip': a.clip, 'weights': init, 'batches': batches, 'losses': losses, 'gradNorms': norms}, open(out_path, 'w'))
print('losses', [round(l, 3) for l in losses[::10]])
