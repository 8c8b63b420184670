"""Greedy and beam decoding as @rnn/seq2seq's `greedy` and `beamSearch` (packages/seq2seq/src/decoding)."""
import torch


def gnmt_length_penalty(length, alpha):
    """GNMT length penalty ((5 + length) / 6) ** alpha (Wu et al. 2016); 1 when alpha is 0."""
    return 1.0 if alpha == 0 else ((5 + length) / 6) ** alpha


def _pad(sources):
    n = max(1, max(len(s) for s in sources))
    out = torch.zeros(len(sources), n, dtype=torch.long)
    for i, s in enumerate(sources):
        out[i, :len(s)] = torch.tensor(s, dtype=torch.long)
    return out


def _suppression(ids, vocab, eos):
    if not ids:
        return None
    bias = torch.zeros(vocab)
    for i in ids:
        if i == eos:
            raise ValueError(f'suppress_tokens may not contain the <eos> id {eos}: decoding could never stop')
        bias[i] = float('-inf')
    return bias


@torch.no_grad()
def greedy(model, sources, max_length=50, suppress_tokens=()):
    """Token ids (without <eos>) of the greedy translation of every source (lists of ids)."""
    model.eval()
    c = model.config
    src = _pad(sources)
    memory, keys, mask_bias, state = model.encode(src)
    sup = _suppression(suppress_tokens, c['targetVocabSize'], c['eosId'])
    B = src.shape[0]
    prev = torch.full((B,), c['bosId'], dtype=torch.long)
    tokens = [[] for _ in range(B)]
    finished = [False] * B
    for _ in range(max_length):
        if all(finished):
            break
        logits, state, _ = model.decode_step((memory, keys, mask_bias), prev, state)
        if sup is not None:
            logits = logits + sup
        prev = torch.log_softmax(logits, -1).argmax(-1)
        for b in range(B):
            if finished[b]:
                continue
            t = int(prev[b])
            if t == c['eosId']:
                finished[b] = True
            else:
                tokens[b].append(t)
    return tokens


@torch.no_grad()
def beam_search(model, sources, beam_width=4, length_penalty=0.0, max_length=50, suppress_tokens=()):
    """Best hypothesis per source, as beamSearch: 2K candidates per step, a source is done once K
    hypotheses ended, final pick by log-probability / GNMT penalty (ended ones count their <eos>)."""
    model.eval()
    c = model.config
    K, V, eos = beam_width, c['targetVocabSize'], c['eosId']
    src = _pad(sources)
    B = src.shape[0]
    memory, keys, mask_bias, state = model.encode(src)
    idx = torch.arange(B).repeat_interleave(K)
    memory, mask_bias = memory[idx], mask_bias[idx]
    keys = keys[idx] if keys is not None else None
    state = tuple(s[:, idx] for s in state) if isinstance(state, tuple) else state[:, idx]
    sup = _suppression(suppress_tokens, V, eos)
    live = [([], 0.0 if i % K == 0 else float('-inf')) for i in range(B * K)]
    done = [[] for _ in range(B)]
    is_done = [False] * B
    prev = torch.full((B * K,), c['bosId'], dtype=torch.long)
    for _ in range(max_length):
        if all(is_done):
            break
        logits, state, _ = model.decode_step((memory, keys, mask_bias), prev, state)
        if sup is not None:
            logits = logits + sup
        lp = torch.tensor([h[1] for h in live]).unsqueeze(1)
        total = (torch.log_softmax(logits, -1) + lp).reshape(B, K * V)
        values, indices = total.topk(min(2 * K, K * V), -1)
        nxt, origin, next_tok = [], [], []
        for b in range(B):
            picked = []
            if not is_done[b]:
                for j in range(values.shape[1]):
                    if len(picked) >= K:
                        break
                    v = float(values[b, j])
                    if v == float('-inf'):
                        break
                    flat = int(indices[b, j])
                    k, tok = flat // V, flat % V
                    parent = live[b * K + k]
                    if tok == eos:
                        if j < K:
                            done[b].append((parent[0], v))
                    else:
                        picked.append((parent[0] + [tok], v))
                        origin.append(b * K + k)
                        next_tok.append(tok)
                if len(done[b]) >= K:
                    is_done[b] = True
            while len(picked) < K:
                picked.append(([], float('-inf')))
                origin.append(b * K)
                next_tok.append(eos)
            nxt.extend(picked)
        live = nxt
        o = torch.tensor(origin)
        state = tuple(s[:, o] for s in state) if isinstance(state, tuple) else state[:, o]
        prev = torch.tensor(next_tok, dtype=torch.long)
    out = []
    for b in range(B):
        pool = [(h[1] / gnmt_length_penalty(len(h[0]) + 1, length_penalty), h[0]) for h in done[b]]
        if not is_done[b]:
            pool += [(h[1] / gnmt_length_penalty(len(h[0]), length_penalty), h[0]) for h in live[b * K:(b + 1) * K] if h[1] > float('-inf')]
        pool.sort(key=lambda p: -p[0])
        out.append(pool[0][1])
    return out
