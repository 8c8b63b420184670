"""JSON-in/JSON-out commands the JS tests drive (packages/seq2seq/test/torch-*.test.ts).

  python3 -m rnn_ts_torch.cli parity|decode <request.json>      (a request or a list of requests)
request: {"bundle": dir, "source": [[ids]], "target": [[ids]], "decode": [[ids]], "maxLength": n,
          "suppress": [ids], "beam": {"width": k, "alpha": a} | null, "save": dir | null, "saveConfig": {...} | null,
          "saveSeed": n}
prints: {"logits": flat, "shape": [...], "loss": x, "greedy": [[ids]], "beam": [[ids]], "saved": {"logits", "loss"}}
"""
import json
import sys

import torch

from .bundle import load_bundle, save_bundle
from .decoding import beam_search, greedy
from .model import Seq2Seq


def _eval(model, req):
    model.eval()
    src = torch.tensor(req['source'], dtype=torch.long)
    tgt = torch.tensor(req['target'], dtype=torch.long)
    with torch.no_grad():
        lg = model.logits(src, tgt)
        loss = model.loss(src, tgt)
    return {'logits': lg.reshape(-1).tolist(), 'shape': list(lg.shape), 'loss': float(loss)}


def parity(req):
    torch.set_num_threads(1)
    model, _, _ = load_bundle(req['bundle'])
    out = _eval(model, req)
    if req.get('decode'):
        out['greedy'] = greedy(model, req['decode'], req.get('maxLength', 50), req.get('suppress', ()))
        if req.get('beam'):
            b = req['beam']
            out['beam'] = beam_search(model, req['decode'], b['width'], b['alpha'], req.get('maxLength', 50), req.get('suppress', ()))
    if req.get('save'):
        torch.manual_seed(req.get('saveSeed', 0))
        m2 = Seq2Seq(req['saveConfig'])
        with torch.no_grad():
            for p in m2.parameters():
                p.add_(torch.randn_like(p) * 0.05)
        save_bundle(m2, req['save'])
        out['saved'] = _eval(m2, req)
    return out


def decode(req):
    """{"bundle", "sources": [[ids]], "maxLength", "suppress", "beam"?} -> {"greedy": [[ids]], "beam"?: [[ids]]}."""
    torch.set_num_threads(1)
    model, _, _ = load_bundle(req['bundle'])
    out = {'greedy': greedy(model, req['sources'], req.get('maxLength', 50), req.get('suppress', ()))}
    if req.get('beam'):
        b = req['beam']
        out['beam'] = beam_search(model, req['sources'], b['width'], b['alpha'], req.get('maxLength', 50), req.get('suppress', ()))
    return out


COMMANDS = {'parity': parity, 'decode': decode}


def main(argv):
    cmd, path = argv[0], argv[1]
    with open(path, encoding='utf-8') as f:
        req = json.load(f)
    if cmd not in COMMANDS:
        raise SystemExit(f'unknown command {cmd!r}; known: {sorted(COMMANDS)}')
    run = COMMANDS[cmd]
    json.dump([run(r) for r in req] if isinstance(req, list) else run(req), sys.stdout)


if __name__ == '__main__':
    main(sys.argv[1:])
