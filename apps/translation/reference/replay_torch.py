"""Trains the PyTorch mirror (nmt_reference.py defaults, seed 42: the same initial weights as trace_steps.py)
on a trace file's batches and prints the mean loss of every 50 steps. With dump-trainer-batches.mjs' file it
shows PyTorch on our Trainer's batch order.
Usage: python3 replay_torch.py /tmp/nmt/trace-ourbatches.json
"""
import json
import sys

import torch
import torch.nn as nn

sys.path.insert(0, __file__.rsplit('/', 1)[0])
import nmt_reference as R  # noqa: E402

path = sys.argv[1]
sys.argv = [sys.argv[0]]
a = R.parse_args()
torch.set_num_threads(1)
torch.manual_seed(a.seed)  # the same initial weights as trace_steps.py
t = json.load(open(path))
m = R.NMT(t['config']['sourceVocabSize'], t['config']['targetVocabSize'], a)
opt = torch.optim.Adam(m.parameters(), lr=a.lr, eps=a.adam_eps)
losses = []
for b in t['batches']:
    src, tgt = R.pad(b['source']), R.pad(b['target'])
    loss = R.seq_loss(m, src, tgt)
    opt.zero_grad()
    loss.backward()
    nn.utils.clip_grad_norm_(m.parameters(), a.clip)
    opt.step()
    losses.append(loss.item())
print('mean loss per 50 steps:', [round(sum(losses[i:i + 50]) / 50, 3) for i in range(0, len(losses), 50)])
