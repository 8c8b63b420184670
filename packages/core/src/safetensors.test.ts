import { readFileSync } from 'node:fs';
import { FileFormatError, ValueError } from './errors.js';
import { readSafetensors, writeSafetensors } from './safetensors.js';

// Fixtures written by PyTorch through python/rnn_ts_torch/safetensors_io.py (test/fixtures/safetensors/make_fixtures.py).
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../test/fixtures/safetensors/${name}`, import.meta.url)));
const expected = JSON.parse(readFileSync(new URL('../test/fixtures/safetensors/mixed.expected.json', import.meta.url), 'utf8')) as Record<
  string,
  { shape: number[]; values: number[] }
>;

describe('readSafetensors', () => {
  const { tensors, metadata } = readSafetensors(fixture('mixed.safetensors'), { location: 'mixed.safetensors' });

  it('reads the metadata and every tensor in header order', () => {
    expect(metadata).toEqual({ format: 'pt', note: 'rnn-ts fixture' });
    expect([...tensors.keys()].sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(['f32', 'f16', 'bf16', 'f64', 'scalar', 'empty'])('reads the PyTorch-written %s tensor as float32 with its values', (name) => {
    const t = tensors.get(name);
    const e = expected[name] as { shape: number[]; values: number[] };
    expect(t?.data).toBeInstanceOf(Float32Array);
    expect(t?.shape).toEqual(e.shape);
    expect(Array.from(t?.data ?? [])).toEqual(e.values.map((v) => Math.fround(v)));
  });

  it('keeps the stored dtype and widens F16 and BF16 to the values PyTorch rounded them to', () => {
    expect(tensors.get('bf16')?.dtype).toBe('BF16');
    expect(tensors.get('f16')?.data[3]).toBeCloseTo(0.0010004, 6); // 1e-3 in half precision
    expect(tensors.get('bf16')?.data[4]).toBe(65536); // 65504 rounds to 65536 in bfloat16
  });

  it.each(['i64', 'i32', 'u8'])('reads the integer tensor %s as int32', (name) => {
    const t = tensors.get(name);
    expect(t?.data).toBeInstanceOf(Int32Array);
    expect(t?.shape).toEqual(expected[name]?.shape);
    expect(Array.from(t?.data ?? [])).toEqual(expected[name]?.values);
  });

  it('refuses an I64 value outside int32, naming the tensor and the value', () => {
    expect(() => readSafetensors(fixture('i64-big.safetensors'), { location: 'big.st' })).toThrow(/big\.st.*tensor big \(I64\) holds 1099511627776/);
  });

  it.each([
    ['truncated', /truncated\.safetensors.*tensor w ends at data byte 24 but the data has only 19 bytes/],
    ['overlap', /tensor b starts at data byte 4, inside the previous tensor.*overlap/],
    ['out-of-range', /tensor a ends at data byte 16 but the data has only 8 bytes/],
    ['gap', /data bytes 0\.\.4 belong to no tensor/],
    ['size-mismatch', /tensor a \(F32 \[3\]\) needs 12 bytes but its data_offsets \[0, 8\] span 8/],
    ['bad-json', /header is not valid UTF-8 JSON/],
    ['oversized-header', /header length is 209715200 bytes, above the 104857600-byte limit/],
    ['header-past-end', /header length is 64 bytes but the file has only 10 bytes/],
    ['unknown-dtype', /tensor a has dtype "F8_E4M3", which is not one of/],
  ])('refuses the %s file with a FileFormatError naming the file and the fault', (name, message) => {
    const read = () => readSafetensors(fixture(`${name}.safetensors`), { location: `${name}.safetensors` });
    expect(read).toThrow(FileFormatError);
    expect(read).toThrow(message);
  });

  it('refuses fewer than 8 bytes', () => {
    expect(() => readSafetensors(new Uint8Array(3))).toThrow(/safetensors data.*only 3 bytes/);
  });

  it('honours a smaller maxHeaderBytes', () => {
    expect(() => readSafetensors(fixture('mixed.safetensors'), { maxHeaderBytes: 16 })).toThrow(/above the 16-byte limit/);
  });
});

describe('writeSafetensors', () => {
  it('round-trips float32 and int32 tensors and metadata, with an 8-byte-aligned data start', () => {
    const bytes = writeSafetensors(
      [
        { name: 'a.weight', shape: [2, 2], data: new Float32Array([1.5, -2, 3.25, 1e-8]) },
        { name: 'step', shape: [], data: new Int32Array([7]) },
      ],
      { format: 'pt' },
    );
    const headerLength = new DataView(bytes.buffer).getUint32(0, true);
    expect(headerLength % 8).toBe(0);
    const { tensors, metadata } = readSafetensors(bytes);
    expect(metadata).toEqual({ format: 'pt' });
    expect([...tensors.keys()]).toEqual(['a.weight', 'step']);
    expect(Array.from(tensors.get('a.weight')?.data ?? [])).toEqual([1.5, -2, 3.25, Math.fround(1e-8)]);
    expect(tensors.get('step')).toEqual({ dtype: 'I32', shape: [], data: new Int32Array([7]) });
  });

  it('rejects a duplicate name and a shape that does not match the data', () => {
    const t = { name: 'w', shape: [1], data: new Float32Array(1) };
    expect(() => writeSafetensors([t, t])).toThrow(ValueError);
    expect(() => writeSafetensors([{ ...t, shape: [2] }])).toThrow(/tensor w of shape \[2\] to have 2 values, but got 1/);
  });
});
