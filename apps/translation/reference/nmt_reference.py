"""PyTorch reference for apps/translation's small config (GRU encoder-decoder, Luong attention).

Mirrors @rnn/seq2seq (packages/seq2seq/src/model/seq2seq.ts) and the app's training loop
(apps/translation/src/training.ts) as closely as possible, so that its learning curve can be compared with
ours step for step, and then explores configs an NMT practitioner would try under the same compute budget.

Mirrored (default flags):
- data: the app's exact split (dump-split.mjs writes it), word vocabularies from train only with min
  frequency 3 (<pad> 0, <bos> 1, <eos> 2, <unk> 3, then by descending count), training pairs with 1..12
  source tokens and <= 13 target tokens (incl. <eos>); targets end with <eos>, sources have no markers.
- batches: bucketByLength (shuffle, stable sort by (max(src, tgt) length, src length), chunks of 64,
  chunks shuffled), reshuffled every epoch.
- model: embeddings U(+-0.05); 1-layer GRU encoder (masked: final state = state at the last real token;
  --bidir sums both directions like ours); GRU decoder started from the encoder's final state; Luong
  "general" attention (keys = memory W, scores = h keys^T, source padding masked) on the decoder outputs;
  h~ = tanh(Wc [c; h]) (no bias); logits = h~ Wout + b. Kernels Glorot-uniform over the whole
  [in, 3 units] matrix, recurrent kernels orthogonal per gate block, zero biases (Keras/our init).
  PyTorch's GRU equals Keras 3 GRU with reset_after=True (our cell).
- loss: cross-entropy averaged over non-pad target tokens; Adam(lr, eps=1e-7 as tfjs), global-norm clip 5.
- decoding: greedy / beam (GNMT alpha, finished when beamWidth hypotheses ended, as our beamSearch), max
  length 24, <unk> suppressed (the app's default).
- BLEU: NLTK 3.8 corpus_bleu (BLEU-4, no smoothing) over all references of each source.

Extra options (not all exist in our library): --input-feeding, --tied, --dropout, --label-smoothing,
--schedule/--warmup, --init torch.

Usage:
  node apps/translation/reference/dump-split.mjs            # writes /tmp/translation-split-seed42.json
  python3 apps/translation/reference/nmt_reference.py --epochs 5 --out /tmp/nmt/base.json [--test]
Test BLEU is computed only with --test (choose configs on validation BLEU).
"""

import argparse
import json
import math
import os
import random
import time
from collections import Counter

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from nltk.translate.bleu_score import corpus_bleu

PAD, BOS, EOS, UNK = 0, 1, 2, 3


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument('--split', default='/tmp/translation-split-seed42.json')
    p.add_argument('--min-freq', type=int, default=3)
    p.add_argument('--max-tokens', type=int, default=12)
    p.add_argument('--emb', type=int, default=128)
    p.add_argument('--units', type=int, default=256)
    p.add_argument('--attention', default='general', choices=['general', 'dot', 'none'])
    p.add_argument('--bidir', action='store_true')
    p.add_argument('--input-feeding', action='store_true')
    p.add_argument('--tied', action='store_true', help='output projection = target embedding^T (needs emb == units)')
    p.add_argument('--reverse-source', action='store_true', help='feed the source tokens in reverse order (Sutskever et al. 2014)')
    p.add_argument('--dropout', type=float, default=0.0)
    p.add_argument('--label-smoothing', type=float, default=0.0)
    p.add_argument('--epochs', type=int, default=5)
    p.add_argument('--max-steps', type=int, default=0, help='stop after this many steps (0: all epochs)')
    p.add_argument('--batch', type=int, default=64)
    p.add_argument('--lr', type=float, default=5e-3)
    p.add_argument('--schedule', default='constant', choices=['constant', 'cosine', 'linear', 'rsqrt'])
    p.add_argument('--warmup', type=int, default=0)
    p.add_argument('--final-lr-ratio', type=float, default=0.05, help='cosine/linear: lr at the last step / lr')
    p.add_argument('--clip', type=float, default=5.0)
    p.add_argument('--adam-eps', type=float, default=1e-7)
    p.add_argument('--init', default='keras', choices=['keras', 'torch'])
    p.add_argument('--seed', type=int, default=42)
    p.add_argument('--threads', type=int, default=1)
    p.add_argument('--log-every', type=int, default=100)
    p.add_argument('--val-bleu-sources', type=int, default=0, help='0: all validation sources')
    p.add_argument('--max-len', type=int, default=24)
    p.add_argument('--beam', type=int, default=5)
    p.add_argument('--alpha', type=float, default=0.6)
    p.add_argument('--test', action='store_true', help='evaluate the best-validation-BLEU epoch on the test split')
    p.add_argument('--save-initial', default='', help='save the initial weights and first batch (for gradient comparison)')
    p.add_argument('--out', default='')
    return p.parse_args()


# ---------------------------------------------------------------- data

class Vocab:
    def __init__(self, texts, min_freq):
        c = Counter(w for t in texts for w in t.split())
        kept = sorted([(w, n) for w, n in c.items() if n >= min_freq], key=lambda x: -x[1])
        self.itos = ['<pad>', '<bos>', '<eos>', '<unk>'] + [w for w, _ in kept]
        self.stoi = {w: i for i, w in enumerate(self.itos)}

    def __len__(self):
        return len(self.itos)

    def encode(self, text):
        return [self.stoi.get(w, UNK) for w in text.split()]

    def decode(self, ids):
        return [self.itos[i] for i in ids]


def bucket_batches(pairs, batch, rng):
    order = list(range(len(pairs)))
    rng.shuffle(order)
    order.sort(key=lambda i: (max(len(pairs[i][0]), len(pairs[i][1])), len(pairs[i][0])))  # stable
    chunks = [order[k:k + batch] for k in range(0, len(order), batch)]
    rng.shuffle(chunks)
    return chunks


def pad(seqs):
    n = max(len(s) for s in seqs)
    out = torch.zeros(len(seqs), n, dtype=torch.long)
    for i, s in enumerate(seqs):
        out[i, :len(s)] = torch.tensor(s, dtype=torch.long)
    return out


# ---------------------------------------------------------------- model

def glorot_(w, fan_in, fan_out):
    lim = math.sqrt(6.0 / (fan_in + fan_out))
    with torch.no_grad():
        w.uniform_(-lim, lim)


def keras_gru_init(gru):
    u = gru.hidden_size
    for name, p in gru.named_parameters():
        with torch.no_grad():
            if name.startswith('weight_ih'):
                glorot_(p, p.shape[1], 3 * u)  # Keras kernel [in, 3u]: fan_in = in, fan_out = 3u
            elif name.startswith('weight_hh'):
                for g in range(3):
                    nn.init.orthogonal_(p[g * u:(g + 1) * u])
            else:
                p.zero_()


class NMT(nn.Module):
    def __init__(self, n_src, n_tgt, a):
        super().__init__()
        self.a = a
        u, e = a.units, a.emb
        self.src_emb = nn.Embedding(n_src, e)
        self.tgt_emb = nn.Embedding(n_tgt, e)
        self.enc = nn.GRU(e, u, batch_first=True, bidirectional=a.bidir)
        self.dec_in = e + (u if a.input_feeding else 0)
        self.dec = nn.GRU(self.dec_in, u, batch_first=True)
        if a.attention == 'general':
            self.W = nn.Linear(u, u, bias=False)
        if a.attention != 'none':
            self.Wc = nn.Linear(2 * u, u, bias=False)
        if a.tied:
            assert e == u, '--tied needs --emb == --units'
            self.out_bias = nn.Parameter(torch.zeros(n_tgt))
        else:
            self.out = nn.Linear(u, n_tgt)
        self.drop = nn.Dropout(a.dropout)
        if a.init == 'keras':
            for emb in (self.src_emb, self.tgt_emb):
                with torch.no_grad():
                    emb.weight.uniform_(-0.05, 0.05)
            keras_gru_init(self.enc)
            keras_gru_init(self.dec)
            if a.attention == 'general':
                glorot_(self.W.weight, u, u)
            if a.attention != 'none':
                glorot_(self.Wc.weight, 2 * u, u)
            if not a.tied:
                glorot_(self.out.weight, u, n_tgt)
                with torch.no_grad():
                    self.out.bias.zero_()

    def project(self, h):
        if self.a.tied:
            return F.linear(h, self.tgt_emb.weight, self.out_bias)
        return self.out(h)

    def encode(self, src):
        lengths = (src != PAD).sum(1)
        x = self.drop(self.src_emb(src))
        packed = nn.utils.rnn.pack_padded_sequence(x, lengths.cpu(), batch_first=True, enforce_sorted=False)
        out, h = self.enc(packed)
        out, _ = nn.utils.rnn.pad_packed_sequence(out, batch_first=True, total_length=src.shape[1])
        if self.a.bidir:
            u = self.a.units
            out = out[..., :u] + out[..., u:]
            h = (h[0] + h[1]).unsqueeze(0)
        keys = None
        if self.a.attention == 'general':
            keys = self.W(out)
        elif self.a.attention == 'dot':
            keys = out
        mask_bias = (src == PAD).float().unsqueeze(1) * -1e9  # [B,1,S]
        return out, keys, mask_bias, h

    def attend(self, h, memory, keys, mask_bias):
        # h [B,T,U]
        scores = torch.bmm(h, keys.transpose(1, 2)) + mask_bias
        w = torch.softmax(scores, -1)
        ctx = torch.bmm(w, memory)
        return torch.tanh(self.Wc(torch.cat([ctx, h], -1))), w

    def forward(self, src, dec_in):
        memory, keys, mask_bias, h0 = self.encode(src)
        y = self.drop(self.tgt_emb(dec_in))
        if self.a.input_feeding:
            B, T, _ = y.shape
            h = h0
            feed = y.new_zeros(B, self.a.units)
            outs = []
            for t in range(T):
                o, h = self.dec(torch.cat([y[:, t], feed], -1).unsqueeze(1), h)
                feed, _ = self.attend(o, memory, keys, mask_bias)
                feed = feed.squeeze(1)
                outs.append(feed)
            feats = torch.stack(outs, 1)
        else:
            o, _ = self.dec(y, h0)
            feats = self.attend(o, memory, keys, mask_bias)[0] if self.a.attention != 'none' else o
        return self.project(self.drop(feats))

    @torch.no_grad()
    def step(self, tok, state, enc):
        memory, keys, mask_bias = enc
        h, feed = state
        x = self.tgt_emb(tok).unsqueeze(1)
        if self.a.input_feeding:
            x = torch.cat([x, feed.unsqueeze(1)], -1)
        o, h = self.dec(x, h)
        if self.a.attention != 'none':
            f, _ = self.attend(o, memory, keys, mask_bias)
        else:
            f = o
        f = f.squeeze(1)
        return self.project(f), (h, f)


def shift_right(tgt):
    return torch.cat([torch.full((tgt.shape[0], 1), BOS, dtype=torch.long), tgt[:, :-1]], 1)


def seq_loss(model, src, tgt, label_smoothing=0.0):
    logits = model(src, shift_right(tgt))
    return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), tgt.reshape(-1), ignore_index=PAD,
                           label_smoothing=label_smoothing)


# ---------------------------------------------------------------- decoding

@torch.no_grad()
def greedy(model, srcs, max_len):
    model.eval()
    out = [None] * len(srcs)
    order = sorted(range(len(srcs)), key=lambda i: len(srcs[i]))
    for k in range(0, len(order), 64):
        idx = order[k:k + 64]
        src = pad([srcs[i] or [PAD] for i in idx])
        memory, keys, mask_bias, h = model.encode(src)
        B = src.shape[0]
        tok = torch.full((B,), BOS, dtype=torch.long)
        state = (h, memory.new_zeros(B, model.a.units))
        res = [[] for _ in range(B)]
        done = torch.zeros(B, dtype=torch.bool)
        for _ in range(max_len):
            logits, state = model.step(tok, state, (memory, keys, mask_bias))
            logits[:, UNK] = -float('inf')
            tok = logits.argmax(-1)
            for b in range(B):
                if not done[b]:
                    if tok[b].item() == EOS:
                        done[b] = True
                    else:
                        res[b].append(tok[b].item())
            if done.all():
                break
        for j, i in enumerate(idx):
            out[i] = res[j]
    model.train()
    return out


@torch.no_grad()
def beam_search(model, src_ids, K, alpha, max_len):
    """One sentence; same bookkeeping as packages/seq2seq/src/decoding/beam-search.ts."""
    src = torch.tensor([src_ids or [PAD]], dtype=torch.long)
    memory, keys, mask_bias, h = model.encode(src)
    memory, keys, mask_bias, h = memory.expand(K, -1, -1), keys.expand(K, -1, -1) if keys is not None else None, mask_bias.expand(K, -1, -1), h.expand(-1, K, -1).contiguous()
    lp = lambda n: 1.0 if alpha == 0 else ((5 + n) / 6) ** alpha
    live = [([], 0.0 if k == 0 else -float('inf')) for k in range(K)]
    done = []
    state = (h, memory.new_zeros(K, model.a.units))
    tok = torch.full((K,), BOS, dtype=torch.long)
    for _ in range(max_len):
        logits, state = model.step(tok, state, (memory, keys, mask_bias))
        logits[:, UNK] = -float('inf')
        total = torch.log_softmax(logits, -1) + torch.tensor([s for _, s in live]).unsqueeze(1)
        V = total.shape[1]
        vals, inds = total.reshape(-1).topk(2 * K)
        picked, origin, nxt = [], [], []
        for j in range(2 * K):
            if len(picked) >= K:
                break
            v = vals[j].item()
            if v == -float('inf'):
                break
            k, t = divmod(inds[j].item(), V)
            if t == EOS:
                if j < K:
                    done.append((live[k][0], v))
            else:
                picked.append((live[k][0] + [t], v))
                origin.append(k)
                nxt.append(t)
        if len(done) >= K:
            break
        while len(picked) < K:
            picked.append(([], -float('inf')))
            origin.append(0)
            nxt.append(EOS)
        live = picked
        o = torch.tensor(origin)
        state = (state[0][:, o], state[1][o])
        tok = torch.tensor(nxt)
    pool = [(toks, s / lp(len(toks) + 1)) for toks, s in done]
    if len(done) < K:
        pool += [(toks, s / lp(len(toks))) for toks, s in live if s > -float('inf')]
    return max(pool, key=lambda x: x[1])[0]


def bleu(groups, hyps):
    return corpus_bleu([[t.split() for t in g['targets']] for g in groups], [h.split() for h in hyps])


# ---------------------------------------------------------------- training

def lr_at(a, step, total):
    if a.warmup and step < a.warmup:
        return a.lr * (step + 1) / a.warmup
    if a.schedule == 'constant':
        return a.lr
    p = (step - a.warmup) / max(1, total - a.warmup)
    if a.schedule == 'cosine':
        return a.lr * (a.final_lr_ratio + (1 - a.final_lr_ratio) * 0.5 * (1 + math.cos(math.pi * p)))
    if a.schedule == 'linear':
        return a.lr * (1 - (1 - a.final_lr_ratio) * p)
    if a.schedule == 'rsqrt':
        return a.lr * math.sqrt(max(1, a.warmup) / max(step + 1, max(1, a.warmup)))
    raise ValueError(a.schedule)


def main():
    a = parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    random.seed(a.seed)
    rng = random.Random(a.seed)
    d = json.load(open(a.split))
    sv = Vocab([p['source'] for p in d['train']], a.min_freq)
    tv = Vocab([p['target'] for p in d['train']], a.min_freq)
    src_ids = (lambda t: sv.encode(t)[::-1]) if a.reverse_source else sv.encode
    enc = lambda p: (src_ids(p['source']), tv.encode(p['target']) + [EOS])
    train = [enc(p) for p in d['train']]
    train = [p for p in train if 0 < len(p[0]) <= a.max_tokens and len(p[1]) <= a.max_tokens + 1]
    val = [enc(p) for p in d['val']]
    val = [p for p in val if len(p[0]) > 0]
    val_groups = d['valGroups']
    if a.val_bleu_sources:
        n = a.val_bleu_sources
        val_groups = [val_groups[(i * len(val_groups)) // n] for i in range(n)]
    model = NMT(len(sv), len(tv), a)
    params = sum(p.numel() for p in model.parameters())
    print(f'vocab EN {len(sv)} FR {len(tv)}; train pairs {len(train)}; params {params}', flush=True)
    opt = torch.optim.Adam(model.parameters(), lr=a.lr, eps=a.adam_eps)
    steps_per_epoch = math.ceil(len(train) / a.batch)
    total = a.max_steps or steps_per_epoch * a.epochs
    if a.save_initial:
        first = bucket_batches(train, a.batch, random.Random(a.seed))[0]
        torch.save({'state': model.state_dict(), 'src': pad([train[i][0] for i in first]), 'tgt': pad([train[i][1] for i in first])}, a.save_initial)

    def val_loss():
        model.eval()
        tot, n = 0.0, 0
        with torch.no_grad():
            for chunk in bucket_batches(val, 64, random.Random(0)):
                src, tgt = pad([val[i][0] for i in chunk]), pad([val[i][1] for i in chunk])
                k = int((tgt != PAD).sum())
                tot += seq_loss(model, src, tgt).item() * k
                n += k
        model.train()
        return tot / n

    log = {'args': vars(a), 'params': params, 'srcVocab': len(sv), 'tgtVocab': len(tv), 'trainPairs': len(train),
           'stepLoss': [], 'epochs': []}
    step, t_train = 0, 0.0
    best = (-1.0, None, None)
    window = []
    model.train()
    for epoch in range(a.epochs):
        ep_loss, ep_tok = 0.0, 0
        t0 = time.process_time()
        for chunk in bucket_batches(train, a.batch, rng):
            if a.max_steps and step >= a.max_steps:
                break
            src, tgt = pad([train[i][0] for i in chunk]), pad([train[i][1] for i in chunk])
            for g in opt.param_groups:
                g['lr'] = lr_at(a, step, total)
            loss = seq_loss(model, src, tgt, a.label_smoothing)
            opt.zero_grad()
            loss.backward()
            gn = nn.utils.clip_grad_norm_(model.parameters(), a.clip).item()
            opt.step()
            step += 1
            k = int((tgt != PAD).sum())
            ep_loss += loss.item() * k
            ep_tok += k
            window.append((loss.item(), gn))
            if step % a.log_every == 0:
                log['stepLoss'].append([step, float(np.mean([w[0] for w in window])), float(np.mean([w[1] for w in window]))])
                print(f'step {step} loss {log["stepLoss"][-1][1]:.4f} gradNorm {log["stepLoss"][-1][2]:.3f}', flush=True)
                window = []
        t_train += time.process_time() - t0
        vl = val_loss()
        hyps = greedy(model, [src_ids(g['source']) for g in val_groups], a.max_len)
        vb = bleu(val_groups, [' '.join(tv.decode(h)) for h in hyps])
        e = {'epoch': epoch + 1, 'step': step, 'trainLoss': ep_loss / max(ep_tok, 1), 'valLoss': vl, 'valBleu4': vb,
             'trainCpuSeconds': t_train}
        log['epochs'].append(e)
        print(json.dumps(e), flush=True)
        if vb > best[0]:
            best = (vb, epoch + 1, {k: v.clone() for k, v in model.state_dict().items()})
        if a.max_steps and step >= a.max_steps:
            break
    log['bestEpoch'] = best[1]
    log['bestValBleu4'] = best[0]
    log['lastValBleu4'] = log['epochs'][-1]['valBleu4']
    log['steps'] = step
    log['trainCpuSeconds'] = t_train
    log['msPerStep'] = 1000 * t_train / max(step, 1)
    if a.test:
        # The last epoch (the config's result) and the best-validation epoch.
        groups = d['testGroups']
        srcs = [src_ids(g['source']) for g in groups]
        res = {}
        for label, state in (('last', None), ('bestVal', best[2])):
            if state is not None:
                model.load_state_dict(state)
            model.eval()
            g = greedy(model, srcs, a.max_len)
            r = {'epoch': best[1] if state is not None else len(log['epochs']),
                 'greedy': bleu(groups, [' '.join(tv.decode(h)) for h in g])}
            if a.beam > 1:
                bh = [beam_search(model, s, a.beam, a.alpha, a.max_len) for s in srcs]
                r[f'beam{a.beam}'] = bleu(groups, [' '.join(tv.decode(h)) for h in bh])
            res[label] = r
            print(label, json.dumps(r), flush=True)
        log['test'] = res
    if a.out:
        os.makedirs(os.path.dirname(a.out) or '.', exist_ok=True)
        json.dump(log, open(a.out, 'w'), indent=1)


if __name__ == '__main__':
    main()
