"""PyTorch mirror of @rnn/seq2seq: load and save its bundles, decode, and train with DistributedDataParallel."""
from .bundle import BundleError, load_bundle, save_bundle
from .decoding import beam_search, gnmt_length_penalty, greedy
from .model import DEFAULTS, Seq2Seq, resolve_config

__all__ = ['BundleError', 'DEFAULTS', 'Seq2Seq', 'beam_search', 'gnmt_length_penalty', 'greedy', 'load_bundle',
           'resolve_config', 'save_bundle']
