// The safetensors format (https://github.com/huggingface/safetensors), read and written on plain bytes
// so it runs in Node and in the browser alike (no Node built-ins). We write our own: the npm package
// `safetensors` is an empty 0.0.1 placeholder and `@huggingface/hub` parses remote repositories (fetch,
// sharding) with more dependencies than a 200-line format needs.
import { FileFormatError, ValueError } from './errors.js';

/**
 * A safetensors dtype this module understands. Floats are read as float32 (`F64` loses precision,
 * `F16`/`BF16` widen exactly); integers and `BOOL` are read as int32 (`I64` values must fit in int32).
 *
 * @example
 * ```ts
 * const d: SafetensorsDtype = 'BF16';
 * ```
 */
export type SafetensorsDtype = 'F64' | 'F32' | 'F16' | 'BF16' | 'I64' | 'I32' | 'I16' | 'I8' | 'U8' | 'BOOL';

const DTYPE_BYTES: Record<SafetensorsDtype, number> = { F64: 8, F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4, I16: 2, I8: 1, U8: 1, BOOL: 1 };

/**
 * One tensor of a safetensors file: float dtypes as `Float32Array`, integer dtypes as `Int32Array`.
 *
 * @example
 * ```ts
 * const t: SafetensorsTensor = { dtype: 'F32', shape: [2], data: new Float32Array([1, 2]) };
 * ```
 */
export interface SafetensorsTensor {
  /** The dtype stored in the file (what the data was converted from when reading). */
  dtype: SafetensorsDtype;
  /** Shape (`[]` for a scalar). */
  shape: number[];
  /** Values in row-major order. */
  data: Float32Array | Int32Array;
}

/**
 * A parsed safetensors file: the tensors in header order and the string metadata.
 *
 * @example
 * ```ts
 * const { tensors, metadata } = readSafetensors(bytes); tensors.get('w')?.shape;
 * ```
 */
export interface SafetensorsContent {
  tensors: Map<string, SafetensorsTensor>;
  metadata: Record<string, string>;
}

/**
 * Options of {@link readSafetensors}.
 *
 * @example
 * ```ts
 * readSafetensors(bytes, { location: 'runs/m/weights.safetensors' });
 * ```
 */
export interface ReadSafetensorsArgs {
  /** Where the bytes come from, for error messages. Default: `'safetensors data'`. */
  location?: string;
  /** Largest accepted JSON header, in bytes (guards against a corrupt length allocating gigabytes). Default: 100 MB. */
  maxHeaderBytes?: number;
}

/**
 * Defaults of {@link ReadSafetensorsArgs}.
 *
 * @example
 * ```ts
 * SAFETENSORS_DEFAULTS.maxHeaderBytes; // 104857600
 * ```
 */
export const SAFETENSORS_DEFAULTS = { location: 'safetensors data', maxHeaderBytes: 100 * 1024 * 1024 } as const;

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Parse a safetensors file: 8-byte little-endian header length N, N bytes of JSON
 * (`{name: {dtype, shape, data_offsets: [begin, end]}, __metadata__?: {string: string}}`), then the
 * little-endian data, which the tensors must cover exactly (no overlap, no gap, nothing past the end).
 *
 * @param bytes - the whole file.
 * @throws FileFormatError naming `location` and what is wrong: a file shorter than its header, a header
 *   above `maxHeaderBytes`, invalid JSON, an unknown dtype, a shape whose size disagrees with its byte
 *   range, overlapping/out-of-range/gapped offsets, an `I64` value outside int32.
 * @example
 * ```ts
 * const { tensors } = readSafetensors(new Uint8Array(await (await fetch(url)).arrayBuffer()));
 * tensors.get('decoder.0.weight_ih_l0')?.shape; // [384, 64]
 * ```
 */
export function readSafetensors(bytes: Uint8Array, args: ReadSafetensorsArgs = {}): SafetensorsContent {
  const where = args.location ?? SAFETENSORS_DEFAULTS.location;
  const maxHeader = args.maxHeaderBytes ?? SAFETENSORS_DEFAULTS.maxHeaderBytes;
  const fail = (what: string): never => {
    throw new FileFormatError(`Expected ${where} to be a safetensors file, but ${what}.`);
  };
  if (bytes.byteLength < 8) fail(`it has only ${bytes.byteLength} bytes (the header length alone takes 8)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
  if (n > maxHeader) fail(`its header length is ${n} bytes, above the ${maxHeader}-byte limit (corrupt file?)`);
  if (8 + n > bytes.byteLength) fail(`its header length is ${n} bytes but the file has only ${bytes.byteLength} bytes (truncated?)`);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n)));
  } catch (err) {
    fail(`its header is not valid UTF-8 JSON (${(err as Error).message})`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) fail('its header is not a JSON object');
  const dataStart = 8 + n;
  const dataLength = bytes.byteLength - dataStart;
  const metadata: Record<string, string> = {};
  const entries: { name: string; dtype: SafetensorsDtype; shape: number[]; begin: number; end: number }[] = [];
  for (const [name, raw] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) fail('its __metadata__ is not an object');
      for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
        if (typeof v !== 'string') fail(`its __metadata__ value ${k} is not a string`);
        metadata[k] = v as string;
      }
      continue;
    }
    const e = raw as { dtype?: unknown; shape?: unknown; data_offsets?: unknown } | null;
    if (e === null || typeof e !== 'object') fail(`its header entry ${name} is not an object`);
    const dtype = (e as { dtype?: unknown }).dtype;
    if (typeof dtype !== 'string' || !(dtype in DTYPE_BYTES)) {
      fail(`tensor ${name} has dtype ${JSON.stringify(dtype)}, which is not one of ${Object.keys(DTYPE_BYTES).join(', ')}`);
    }
    const shape = (e as { shape?: unknown }).shape;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0))
      fail(`tensor ${name} has shape ${JSON.stringify(shape)}, not a list of non-negative integers`);
    const off = (e as { data_offsets?: unknown }).data_offsets;
    if (!Array.isArray(off) || off.length !== 2 || !off.every((d) => Number.isSafeInteger(d) && d >= 0) || off[0] > off[1]) {
      fail(`tensor ${name} has data_offsets ${JSON.stringify(off)}, not [begin, end] with 0 <= begin <= end`);
    }
    const [begin, end] = off as [number, number];
    const size = (shape as number[]).reduce((a, b) => a * b, 1);
    const want = size * DTYPE_BYTES[dtype as SafetensorsDtype];
    if (end - begin !== want) fail(`tensor ${name} (${dtype} [${shape}]) needs ${want} bytes but its data_offsets [${begin}, ${end}] span ${end - begin}`);
    if (end > dataLength) fail(`tensor ${name} ends at data byte ${end} but the data has only ${dataLength} bytes (truncated?)`);
    entries.push({ name, dtype: dtype as SafetensorsDtype, shape: shape as number[], begin, end });
  }
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  for (const e of sorted) {
    if (e.begin < covered) fail(`tensor ${e.name} starts at data byte ${e.begin}, inside the previous tensor (ends at ${covered}): offsets overlap`);
    if (e.begin > covered) fail(`data bytes ${covered}..${e.begin} belong to no tensor (a gap before ${e.name})`);
    covered = e.end;
  }
  if (covered !== dataLength) fail(`its tensors cover ${covered} data bytes but the data has ${dataLength} (trailing bytes)`);
  const tensors = new Map<string, SafetensorsTensor>();
  for (const e of entries) {
    tensors.set(e.name, { dtype: e.dtype, shape: e.shape.slice(), data: decodeData(view, dataStart + e.begin, e, fail) });
  }
  return { tensors, metadata };
}

function decodeData(
  view: DataView,
  at: number,
  e: { name: string; dtype: SafetensorsDtype; begin: number; end: number },
  fail: (what: string) => never,
): Float32Array | Int32Array {
  const count = (e.end - e.begin) / DTYPE_BYTES[e.dtype];
  switch (e.dtype) {
    case 'F32': {
      if (LITTLE_ENDIAN) return new Float32Array(view.buffer.slice(view.byteOffset + at, view.byteOffset + at + count * 4));
      return Float32Array.from({ length: count }, (_, i) => view.getFloat32(at + 4 * i, true));
    }
    case 'F64':
      return Float32Array.from({ length: count }, (_, i) => view.getFloat64(at + 8 * i, true));
    case 'F16':
      return Float32Array.from({ length: count }, (_, i) => halfToFloat(view.getUint16(at + 2 * i, true)));
    case 'BF16': {
      const out = new Float32Array(count);
      const bits = new Uint32Array(out.buffer);
      for (let i = 0; i < count; i++) bits[i] = view.getUint16(at + 2 * i, true) << 16;
      return out;
    }
    case 'I64':
      return Int32Array.from({ length: count }, (_, i) => {
        const v = view.getBigInt64(at + 8 * i, true);
        if (v > 2147483647n || v < -2147483648n) fail(`tensor ${e.name} (I64) holds ${v} at index ${i}, outside the int32 range it is read into`);
        return Number(v);
      });
    case 'I32':
      return Int32Array.from({ length: count }, (_, i) => view.getInt32(at + 4 * i, true));
    case 'I16':
      return Int32Array.from({ length: count }, (_, i) => view.getInt16(at + 2 * i, true));
    case 'I8':
      return Int32Array.from({ length: count }, (_, i) => view.getInt8(at + i));
    case 'U8':
    case 'BOOL':
      return Int32Array.from({ length: count }, (_, i) => view.getUint8(at + i));
  }
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/**
 * A tensor to write with {@link writeSafetensors}: float32 data is stored as `F32`, int32 data as `I32`.
 *
 * @example
 * ```ts
 * const t: SafetensorsEntry = { name: 'w', shape: [2], data: new Float32Array([1, 2]) };
 * ```
 */
export interface SafetensorsEntry {
  name: string;
  shape: readonly number[];
  data: Float32Array | Int32Array;
}

/**
 * Serialise tensors as a safetensors file, in the given order, with the header padded with spaces to a
 * multiple of 8 bytes (as the reference implementation does) so the data is aligned.
 *
 * @param metadata - optional `__metadata__` (string values only).
 * @throws ValueError for a duplicate or reserved name, or a shape that does not match the data length.
 * @example
 * ```ts
 * const bytes = writeSafetensors([{ name: 'w', shape: [2, 2], data: new Float32Array(4) }], { format: 'pt' });
 * readSafetensors(bytes).tensors.get('w')?.shape; // [2, 2]
 * ```
 */
export function writeSafetensors(tensors: readonly SafetensorsEntry[], metadata?: Readonly<Record<string, string>>): Uint8Array {
  const header: Record<string, unknown> = {};
  if (metadata && Object.keys(metadata).length > 0) header.__metadata__ = { ...metadata };
  let offset = 0;
  for (const t of tensors) {
    if (t.name === '__metadata__' || t.name in header)
      throw new ValueError(`Expected unique tensor names other than __metadata__, but got ${JSON.stringify(t.name)} twice or reserved.`);
    const size = t.shape.reduce((a, b) => a * b, 1);
    if (size !== t.data.length) throw new ValueError(`Expected tensor ${t.name} of shape [${t.shape}] to have ${size} values, but got ${t.data.length}.`);
    header[t.name] = { dtype: t.data instanceof Float32Array ? 'F32' : 'I32', shape: t.shape.slice(), data_offsets: [offset, offset + 4 * size] };
    offset += 4 * size;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const pad = (8 - (json.length % 8)) % 8;
  if (pad) {
    const padded = new Uint8Array(json.length + pad).fill(0x20);
    padded.set(json);
    json = padded;
  }
  const out = new Uint8Array(8 + json.length + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, json.length, true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const t of tensors) {
    if (LITTLE_ENDIAN) out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), at);
    else {
      const isFloat = t.data instanceof Float32Array;
      for (let i = 0; i < t.data.length; i++) {
        if (isFloat) view.setFloat32(at + 4 * i, t.data[i] as number, true);
        else view.setInt32(at + 4 * i, t.data[i] as number, true);
      }
    }
    at += t.data.byteLength;
  }
  return out;
}
