"""Read and write @rnn/seq2seq bundle folders (format version 2), the layout of saveSeq2Seq/loadSeq2Seq:
bundle.json, weights.safetensors (this package's `state_dict()`), source-vocab.json, target-vocab.json."""
import json
import os
import shutil
import tempfile

from .model import Seq2Seq, resolve_config
from .safetensors_io import encode, load_file

FORMAT = 'rnn-ts/seq2seq'
FORMAT_VERSION = 2
WEIGHTS_LAYOUT = 'torch-state-dict'
FILES = {'manifest': 'bundle.json', 'weights': 'weights.safetensors', 'source_vocab': 'source-vocab.json',
         'target_vocab': 'target-vocab.json'}


class BundleError(ValueError):
    """A bundle folder that is missing, of another format or version, or whose weights do not fit its config."""


def _read_json(path, what):
    try:
        with open(path, encoding='utf-8') as f:
            return json.load(f)
    except FileNotFoundError:
        raise BundleError(f'Expected the {what} {path}, but it does not exist') from None
    except json.JSONDecodeError as err:
        raise BundleError(f'Expected {path} to be a JSON {what}, but it does not parse: {err}') from None


def load_bundle(path):
    """(model, source_vocab, target_vocab) from a bundle folder written by JS or by `save_bundle`.

    The vocabularies are the JSON objects of @rnn/tokenizers' Vocabulary (`tokens` in id order), or None.
    """
    m = _read_json(os.path.join(path, FILES['manifest']), 'seq2seq bundle manifest')
    if m.get('format') != FORMAT:
        raise BundleError(f'Expected {path}/bundle.json to have format "{FORMAT}", but got {m.get("format")!r}')
    if m.get('formatVersion') != FORMAT_VERSION:
        raise BundleError(
            f'Expected seq2seq bundle format version {FORMAT_VERSION} in {path}/bundle.json, but got {m.get("formatVersion")!r}; '
            'load it with @rnn/seq2seq (loadSeq2Seq reads version 1) and save it again (saveSeq2Seq writes version 2)')
    model = Seq2Seq(m['config'])
    tensors, _ = load_file(os.path.join(path, FILES['weights']))
    expected = model.state_dict()
    missing = [k for k in expected if k not in tensors]
    extra = [k for k in tensors if k not in expected]
    if missing or extra:
        raise BundleError(f'{path}/weights.safetensors does not fit its config: missing {missing}, unexpected {extra}')
    for k, t in tensors.items():
        if tuple(t.shape) != tuple(expected[k].shape):
            raise BundleError(f'Expected {k} in {path}/weights.safetensors to have shape {list(expected[k].shape)}, but got {list(t.shape)}')
    model.load_state_dict({k: t.float() for k, t in tensors.items()})
    vocabs = m.get('vocabularies', {})
    src = _read_json(os.path.join(path, FILES['source_vocab']), 'source vocabulary') if vocabs.get('source') else None
    tgt = _read_json(os.path.join(path, FILES['target_vocab']), 'target vocabulary') if vocabs.get('target') else None
    return model, src, tgt


def save_bundle(model, path, source_vocab=None, target_vocab=None):
    """Write `model` (an rnn_ts_torch.Seq2Seq) and the vocabulary JSON objects as a bundle folder that
    @rnn/seq2seq's loadSeq2Seq (and `translate --model`) reads. Atomic: a temporary sibling folder replaces `path`."""
    path = os.path.abspath(path)
    parent = os.path.dirname(path)
    os.makedirs(parent, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix='.tmp-bundle-', dir=parent)
    try:
        state = {k: v.detach().float().cpu() for k, v in model.state_dict().items()}
        with open(os.path.join(tmp, FILES['weights']), 'wb') as f:
            f.write(encode(state, {'format': 'pt'}))
        for key, vocab in (('source_vocab', source_vocab), ('target_vocab', target_vocab)):
            if vocab is not None:
                with open(os.path.join(tmp, FILES[key]), 'w', encoding='utf-8') as f:
                    json.dump(vocab, f, ensure_ascii=False)
                    f.write('\n')
        manifest = {
            'format': FORMAT, 'formatVersion': FORMAT_VERSION, 'config': resolve_config(model.config),
            'weightsLayout': WEIGHTS_LAYOUT,
            'vocabularies': {'source': source_vocab is not None, 'target': target_vocab is not None},
            'trainingTensors': None, 'writtenBy': 'rnn_ts_torch',
        }
        with open(os.path.join(tmp, FILES['manifest']), 'w', encoding='utf-8') as f:
            json.dump(manifest, f)
            f.write('\n')
        if os.path.exists(path):
            old = tempfile.mkdtemp(prefix='.old-bundle-', dir=parent)
            os.rename(path, os.path.join(old, 'b'))
            os.rename(tmp, path)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(tmp, path)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
