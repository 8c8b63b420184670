"""PyTorch NMT (nmt_reference.NMT, GRU, luongGeneral, untied) weights <-> @rnn/seq2seq's weightSpecs order and layout."""
import torch


def gru_kernel(w, u):
    """PyTorch [3u, in], rows r|z|n -> ours [in, 3u], columns z|r|h."""
    r, z, n = w.split(u, 0)
    return torch.cat([z, r, n], 0).t()


def gru_bias(bi, bh, u):
    """PyTorch b_ih, b_hh (r|z|n) -> ours [2, 3u] (input row, recurrent row; z|r|h)."""
    f = lambda b: torch.cat([b[u:2 * u], b[:u], b[2 * u:]])
    return torch.stack([f(bi), f(bh)])


def ours(get, u):
    """[(our name, tensor)] from get(pytorch parameter name) (weights or gradients)."""
    return [
        ('source_embedding', get('src_emb.weight')),
        ('target_embedding', get('tgt_emb.weight')),
        ('encoder/l0/fwd/kernel', gru_kernel(get('enc.weight_ih_l0'), u)),
        ('encoder/l0/fwd/recurrent_kernel', gru_kernel(get('enc.weight_hh_l0'), u)),
        ('encoder/l0/fwd/bias', gru_bias(get('enc.bias_ih_l0'), get('enc.bias_hh_l0'), u)),
        ('decoder/l0/kernel', gru_kernel(get('dec.weight_ih_l0'), u)),
        ('decoder/l0/recurrent_kernel', gru_kernel(get('dec.weight_hh_l0'), u)),
        ('decoder/l0/bias', gru_bias(get('dec.bias_ih_l0'), get('dec.bias_hh_l0'), u)),
        ('attention/W', get('W.weight').t()),
        ('attention/Wc', get('Wc.weight').t()),
        ('output/kernel', get('out.weight').t()),
        ('output/bias', get('out.bias')),
    ]


def plain(t):
    return {'shape': list(t.shape), 'values': t.reshape(-1).tolist()}
