"""Same weights, same batch: PyTorch's loss and gradients, in @rnn/seq2seq's weight layout (for compare-gradients.mjs).

Usage: python3 export_compare.py /tmp/nmt/init.pt /tmp/nmt/compare.json
(init.pt comes from `nmt_reference.py --save-initial /tmp/nmt/init.pt`: the initial weights and the first batch).
"""
import json
import sys
import types

import torch

sys.path.insert(0, __file__.rsplit('/', 1)[0])
from nmt_reference import NMT, seq_loss  # noqa: E402
from torch_layout import ours, plain  # noqa: E402

src_path, out_path = sys.argv[1], sys.argv[2]
ck = torch.load(src_path)
st = ck['state']
u = st['dec.weight_hh_l0'].shape[1]
e = st['src_emb.weight'].shape[1]
a = types.SimpleNamespace(units=u, emb=e, attention='general', bidir=False, input_feeding=False, tied=False, dropout=0.0, init='torch')
model = NMT(st['src_emb.weight'].shape[0], st['tgt_emb.weight'].shape[0], a)
model.load_state_dict(st)
loss = __import__('nmt_reference').seq_loss(model, ck['src'], ck['tgt'])
loss.backward()
params = dict(model.named_parameters())
weights = ours(lambda k: params[k].detach(), u)
grads = ours(lambda k: params[k].grad, u)
json.dump({
    'config': {'sourceVocabSize': st['src_emb.weight'].shape[0], 'targetVocabSize': st['tgt_emb.weight'].shape[0], 'embeddingDim': e, 'units': u},
    'source': ck['src'].tolist(), 'target': ck['tgt'].tolist(), 'loss': loss.item(),
    'weights': [{'name': n, **plain(t)} for n, t in weights],
    'grads': [{'name': n, **plain(t)} for n, t in grads],
}, open(out_path, 'w'))
print('pytorch loss', loss.item(), 'grad norm', torch.sqrt(sum((g ** 2).sum() for _, g in grads)).item())
