"""PyTorch mirror of @rnn/seq2seq's `Seq2Seq` (packages/seq2seq/src/model/seq2seq.ts), option for option.

Its `state_dict()` names and layouts are what `weights.safetensors` of a seq2seq bundle holds, so a bundle
written by JS loads with `load_state_dict` and no conversion (the JS side converts, in
packages/seq2seq/src/persistence/torch-layout.ts):

- `source_embedding.weight`, `target_embedding.weight`: [vocab, embeddingDim].
- `encoder.{l}`: one single-layer `nn.GRU`/`nn.LSTM` per encoder layer (bidirectional when
  `bidirectionalEncoder`; the two directions are summed, outputs and final states, like Keras
  `Bidirectional(mergeMode='sum')`, so layer widths stay `units`).
- `decoder`: one `nn.GRU`/`nn.LSTM` with `encoderLayers` layers (PyTorch's between-layer dropout is ours);
  decoder layer l starts from encoder layer l's final state. With Bahdanau attention its input is
  [embedding; context].
- `attention.W` (luongGeneral: keys = memory W), `attention.W1`/`W2`/`v` (bahdanau:
  score = v . tanh(W1 m + W2 s)), `attention.Wc` (attentional vector h~ = tanh(Wc [context; h])),
  all `nn.Linear` without bias.
- `output` (`nn.Linear(units, targetVocabSize)`), or with `tiedEmbeddings` logits = h E^T + `output_bias`.

PyTorch's GRU is Keras 3's GRU with reset_after=True (our cell); its LSTM gates i|f|g|o are ours (our single
LSTM bias is bias_ih, with bias_hh = 0). Dropout (training only): on both embeddings, between stacked layers,
and on the features before the output projection.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

DEFAULTS = {
    'embeddingDim': 64, 'cell': 'gru', 'units': 128, 'encoderLayers': 1, 'bidirectionalEncoder': False,
    'dropout': 0.0, 'attention': 'none', 'tiedEmbeddings': False, 'bosId': 1, 'eosId': 2, 'seed': 42,
}
ATTENTIONS = ('none', 'bahdanau', 'luongDot', 'luongGeneral')
MASKED_SCORE = -1e9


def resolve_config(config):
    """The config with defaults filled in; raises ValueError for an unknown or invalid field (like resolveSeq2SeqConfig)."""
    known = set(DEFAULTS) | {'sourceVocabSize', 'targetVocabSize'}
    unknown = set(config) - known
    if unknown:
        raise ValueError(f'Seq2SeqConfig: unknown option(s) {sorted(unknown)}; known: {sorted(known)}')
    c = {**DEFAULTS, **{k: v for k, v in config.items() if v is not None}}
    for k in ('sourceVocabSize', 'targetVocabSize'):
        if k not in c:
            raise ValueError(f'Seq2SeqConfig: `{k}` is required')
    if c['cell'] not in ('gru', 'lstm'):
        raise ValueError(f"Expected `cell` to be 'gru' or 'lstm', but got {c['cell']!r}")
    if c['attention'] not in ATTENTIONS:
        raise ValueError(f'Expected `attention` to be one of {ATTENTIONS}, but got {c["attention"]!r}')
    if c['tiedEmbeddings'] and c['embeddingDim'] != c['units']:
        raise ValueError(f"Expected `embeddingDim` ({c['embeddingDim']}) to equal `units` ({c['units']}) when `tiedEmbeddings` is true")
    return c


def _glorot_(w, fan_in, fan_out):
    lim = math.sqrt(6.0 / (fan_in + fan_out))
    with torch.no_grad():
        w.uniform_(-lim, lim)


class _Attention(nn.Module):
    def __init__(self, kind, units):
        super().__init__()
        if kind == 'luongGeneral':
            self.W = nn.Linear(units, units, bias=False)
        if kind == 'bahdanau':
            self.W1 = nn.Linear(units, units, bias=False)
            self.W2 = nn.Linear(units, units, bias=False)
            self.v = nn.Parameter(torch.zeros(units))
        self.Wc = nn.Linear(2 * units, units, bias=False)


class Seq2Seq(nn.Module):
    """Encoder-decoder with optional attention; `config` is a Seq2SeqConfig dict (camelCase keys, as in bundle.json)."""

    def __init__(self, config):
        super().__init__()
        c = self.config = resolve_config(config)
        u, e, L = c['units'], c['embeddingDim'], c['encoderLayers']
        rnn = nn.GRU if c['cell'] == 'gru' else nn.LSTM
        self.source_embedding = nn.Embedding(c['sourceVocabSize'], e)
        self.target_embedding = nn.Embedding(c['targetVocabSize'], e)
        self.encoder = nn.ModuleList(
            [rnn(e if l == 0 else u, u, batch_first=True, bidirectional=c['bidirectionalEncoder']) for l in range(L)])
        dec_in = e + (u if c['attention'] == 'bahdanau' else 0)
        self.decoder = rnn(dec_in, u, num_layers=L, batch_first=True, dropout=c['dropout'] if L > 1 else 0.0)
        if c['attention'] != 'none':
            self.attention = _Attention(c['attention'], u)
        if c['tiedEmbeddings']:
            self.output_bias = nn.Parameter(torch.zeros(c['targetVocabSize']))
        else:
            self.output = nn.Linear(u, c['targetVocabSize'])
        self.drop = nn.Dropout(c['dropout'])
        self.reset_parameters()

    def reset_parameters(self):
        """Keras-style initialisation (as ours, not bit-identical): U(+-0.05) embeddings, Glorot kernels,
        orthogonal recurrent blocks, zero biases, LSTM forget bias 1."""
        c = self.config
        u = c['units']
        g = 3 if c['cell'] == 'gru' else 4
        torch.manual_seed(c['seed'])
        with torch.no_grad():
            for emb in (self.source_embedding, self.target_embedding):
                emb.weight.uniform_(-0.05, 0.05)
            for m in [*self.encoder, self.decoder]:
                for name, p in m.named_parameters():
                    if name.startswith('weight_ih'):
                        _glorot_(p, p.shape[1], g * u)
                    elif name.startswith('weight_hh'):
                        for k in range(g):
                            nn.init.orthogonal_(p[k * u:(k + 1) * u])
                    else:
                        p.zero_()
                        if c['cell'] == 'lstm' and name.startswith('bias_ih'):
                            p[u:2 * u] = 1.0
            if c['attention'] != 'none':
                a = self.attention
                for name in ('W', 'W1', 'W2'):
                    if hasattr(a, name):
                        _glorot_(getattr(a, name).weight, u, u)
                if hasattr(a, 'v'):
                    _glorot_(a.v, u, 1)
                _glorot_(a.Wc.weight, 2 * u, u)
            if not c['tiedEmbeddings']:
                _glorot_(self.output.weight, u, c['targetVocabSize'])
                self.output.bias.zero_()

    # ------------------------------------------------------------------ forward pieces

    def _merge(self, state):
        """Final state of a single-layer (possibly bidirectional) RNN -> [B, u] (directions summed), or (h, c)."""
        if isinstance(state, tuple):
            return tuple(s.sum(0) for s in state)
        return state.sum(0)

    def encode(self, src):
        """src: long [B, S] padded with 0 at the end -> (memory, keys, mask_bias [B,1,S], decoder initial state)."""
        c = self.config
        mask = src != 0
        lengths = mask.sum(1).clamp(min=1).cpu()
        S = src.shape[1]
        x = self.drop(self.source_embedding(src))
        finals = []
        for l, rnn in enumerate(self.encoder):
            packed = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
            out, st = rnn(packed)
            out, _ = nn.utils.rnn.pad_packed_sequence(out, batch_first=True, total_length=S)
            if c['bidirectionalEncoder']:
                out = out[..., :c['units']] + out[..., c['units']:]
            finals.append(self._merge(st))
            x = self.drop(out) if l < len(self.encoder) - 1 else out
        memory = x
        keys = None
        if c['attention'] == 'luongDot':
            keys = memory
        elif c['attention'] == 'luongGeneral':
            keys = self.attention.W(memory)
        elif c['attention'] == 'bahdanau':
            keys = self.attention.W1(memory)
        mask_bias = (~mask).float().unsqueeze(1) * MASKED_SCORE
        if c['cell'] == 'gru':
            state = torch.stack(finals)
        else:
            state = (torch.stack([f[0] for f in finals]), torch.stack([f[1] for f in finals]))
        return memory, keys, mask_bias, state

    def project(self, h):
        if self.config['tiedEmbeddings']:
            return F.linear(h, self.target_embedding.weight, self.output_bias)
        return self.output(h)

    def _luong(self, h, memory, keys, mask_bias):
        w = torch.softmax(torch.bmm(h, keys.transpose(1, 2)) + mask_bias, -1)
        ctx = torch.bmm(w, memory)
        return torch.tanh(self.attention.Wc(torch.cat([ctx, h], -1))), w

    def decode_step(self, enc, tokens, state):
        """One decoder step: tokens long [B] -> (logits [B, V], new state, attention weights [B, S] or None)."""
        c = self.config
        memory, keys, mask_bias = enc
        x = self.drop(self.target_embedding(tokens))
        ctx = None
        weights = None
        if c['attention'] == 'bahdanau':
            top = (state[0] if isinstance(state, tuple) else state)[-1]
            e = torch.tanh(keys + self.attention.W2(top).unsqueeze(1))
            scores = e @ self.attention.v + mask_bias[:, 0]
            weights = torch.softmax(scores, -1)
            ctx = torch.bmm(weights.unsqueeze(1), memory).squeeze(1)
            x = torch.cat([x, ctx], -1)
        out, state = self.decoder(x.unsqueeze(1), state)
        h = out[:, 0]
        if c['attention'] in ('luongDot', 'luongGeneral'):
            h3, w = self._luong(h.unsqueeze(1), memory, keys, mask_bias)
            h, weights = h3[:, 0], w[:, 0]
        elif ctx is not None:
            h = torch.tanh(self.attention.Wc(torch.cat([ctx, h], -1)))
        return self.project(self.drop(h)), state, weights

    def forward(self, src, dec_in):
        """Teacher-forced logits [B, T, V] for decoder input `dec_in` ([<bos>, target[:-1]])."""
        c = self.config
        memory, keys, mask_bias, state = self.encode(src)
        if c['attention'] == 'bahdanau':
            logits = []
            for t in range(dec_in.shape[1]):
                lg, state, _ = self.decode_step((memory, keys, mask_bias), dec_in[:, t], state)
                logits.append(lg)
            return torch.stack(logits, 1)
        y = self.drop(self.target_embedding(dec_in))
        h, _ = self.decoder(y, state)
        if c['attention'] != 'none':
            h, _ = self._luong(h, memory, keys, mask_bias)
        return self.project(self.drop(h))

    def shift_right(self, tgt):
        bos = torch.full((tgt.shape[0], 1), self.config['bosId'], dtype=torch.long, device=tgt.device)
        return torch.cat([bos, tgt[:, :-1]], 1)

    def logits(self, src, tgt):
        return self(src, self.shift_right(tgt))

    def loss(self, src, tgt):
        """Teacher-forced cross-entropy, mean over non-padding target tokens (as Seq2Seq.loss)."""
        lg = self.logits(src, tgt)
        return F.cross_entropy(lg.reshape(-1, lg.shape[-1]), tgt.reshape(-1), ignore_index=0)
