"""Minimal safetensors reader/writer (the format of huggingface/safetensors) for torch tensors.

Debian's python3-torch has no `safetensors` module, so this mirrors the format with `struct`:
8-byte little-endian header length N, N bytes of JSON (`{name: {dtype, shape, data_offsets}, "__metadata__": {...}}`,
padded with spaces to a multiple of 8), then the raw little-endian tensor bytes, contiguous and without holes.
"""
import json
import struct

import torch

_DTYPES = {
    'F64': torch.float64, 'F32': torch.float32, 'F16': torch.float16, 'BF16': torch.bfloat16,
    'I64': torch.int64, 'I32': torch.int32, 'I16': torch.int16, 'I8': torch.int8, 'U8': torch.uint8, 'BOOL': torch.bool,
}
_NAMES = {v: k for k, v in _DTYPES.items()}
MAX_HEADER_BYTES = 100 * 1024 * 1024


def _raw_bytes(t):
    t = t.detach().contiguous().cpu()
    if t.dtype == torch.bfloat16:
        t = t.view(torch.int16)
    return t.numpy().tobytes() if t.numel() else b''


def encode(tensors, metadata=None):
    """bytes of a safetensors file holding `tensors` (an ordered mapping name -> tensor), in that order."""
    header = {}
    if metadata:
        header['__metadata__'] = {str(k): str(v) for k, v in metadata.items()}
    chunks = []
    offset = 0
    for name, t in tensors.items():
        if t.dtype not in _NAMES:
            raise ValueError(f'safetensors: cannot store {name} of dtype {t.dtype}')
        b = _raw_bytes(t)
        header[name] = {'dtype': _NAMES[t.dtype], 'shape': list(t.shape), 'data_offsets': [offset, offset + len(b)]}
        chunks.append(b)
        offset += len(b)
    h = json.dumps(header, separators=(',', ':')).encode('utf-8')
    h += b' ' * ((8 - len(h) % 8) % 8)
    return struct.pack('<Q', len(h)) + h + b''.join(chunks)


def save_file(tensors, path, metadata=None):
    with open(path, 'wb') as f:
        f.write(encode(tensors, metadata))


def decode(data, where='<bytes>'):
    """(ordered dict name -> tensor, metadata dict) from the bytes of a safetensors file."""
    if len(data) < 8:
        raise ValueError(f'{where}: expected at least 8 bytes (header length), got {len(data)}')
    (n,) = struct.unpack('<Q', data[:8])
    if n > MAX_HEADER_BYTES or 8 + n > len(data):
        raise ValueError(f'{where}: header length {n} exceeds the file ({len(data)} bytes) or the {MAX_HEADER_BYTES}-byte cap')
    header = json.loads(data[8:8 + n].decode('utf-8'))
    body = memoryview(data)[8 + n:]
    metadata = header.pop('__metadata__', None) or {}
    covered = 0
    for name, e in sorted(header.items(), key=lambda kv: tuple(kv[1]['data_offsets'])):
        b, end = e['data_offsets']
        if b != covered:
            raise ValueError(f'{where}: {name} starts at data byte {b}, expected {covered} (offsets overlap or leave a gap)')
        covered = end
    if covered != len(body):
        raise ValueError(f'{where}: tensors cover {covered} data bytes but the data has {len(body)}')
    out = {}
    for name, e in header.items():
        dt = _DTYPES[e['dtype']]
        b, end = e['data_offsets']
        if not 0 <= b <= end <= len(body):
            raise ValueError(f'{where}: {name} data_offsets {e["data_offsets"]} outside the {len(body)}-byte data')
        raw = bytearray(body[b:end])
        if dt == torch.bfloat16:
            t = torch.frombuffer(raw, dtype=torch.int16).view(torch.bfloat16) if raw else torch.empty(0, dtype=dt)
        elif dt == torch.bool:
            t = torch.frombuffer(raw, dtype=torch.uint8).bool() if raw else torch.empty(0, dtype=dt)
        else:
            t = torch.frombuffer(raw, dtype=dt) if raw else torch.empty(0, dtype=dt)
        out[name] = t.reshape(e['shape']).clone()
    return out, metadata


def load_file(path):
    with open(path, 'rb') as f:
        return decode(f.read(), path)
