/** Reads an unsigned LEB128 number at `at`; returns it and the offset after it. */
function readLeb(bytes: Uint8Array, at: number): [number, number] {
  let value = 0;
  let shift = 0;
  let i = at;
  for (;;) {
    const b = bytes[i++] as number;
    value += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return [value, i];
    shift += 7;
  }
}

function leb(n: number): number[] {
  const out: number[] = [];
  let v = n;
  do {
    let b = v & 0x7f;
    v = Math.floor(v / 128);
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
  return out;
}

/** The largest wasm32 memory, in 64 KiB pages: a shared memory import must declare a maximum. */
const MAX_PAGES = 65536;

/**
 * A copy of a WebAssembly module whose memory imports (declared with a minimum only) are declared
 * `shared` with the wasm32 maximum, so it can be instantiated on a shared memory (the heap of
 * tfjs-backend-wasm's multi-threaded build) — a module whose import is not shared cannot link to one.
 * The module's code is unchanged: plain loads and stores work on shared memory.
 *
 * @param bytes - a binary module (magic, version, sections).
 * @returns the rewritten module; `bytes` itself when it imports no memory.
 * @example
 * ```ts
 * const shared = memory.buffer instanceof SharedArrayBuffer;
 * const bytes = shared ? withSharedMemoryImport(moduleBytes) : moduleBytes; // the module, linkable to `memory`
 * ```
 */
export function withSharedMemoryImport(bytes: Uint8Array): Uint8Array {
  const out: number[] = Array.from(bytes.subarray(0, 8));
  let changed = false;
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at] as number;
    const [size, start] = readLeb(bytes, at + 1);
    const end = start + size;
    let content = Array.from(bytes.subarray(start, end));
    if (id === 2) {
      const [count, first] = readLeb(bytes, start);
      const rewritten: number[] = leb(count);
      let p = first;
      for (let k = 0; k < count; k++) {
        const [moduleLen, moduleAt] = readLeb(bytes, p);
        const [fieldLen, fieldAt] = readLeb(bytes, moduleAt + moduleLen);
        const kindAt = fieldAt + fieldLen;
        rewritten.push(...bytes.subarray(p, kindAt + 1));
        const kind = bytes[kindAt];
        if (kind !== 2) throw new Error(`withSharedMemoryImport: import kind ${kind} is not handled (memory imports only)`);
        const flags = bytes[kindAt + 1];
        const [min, after] = readLeb(bytes, kindAt + 2);
        if (flags === 0) {
          rewritten.push(0x03, ...leb(min), ...leb(MAX_PAGES));
          changed = true;
          p = after;
        } else {
          const [, afterMax] = flags === 1 || flags === 3 ? readLeb(bytes, after) : [0, after];
          rewritten.push(...bytes.subarray(kindAt + 1, afterMax));
          p = afterMax;
        }
      }
      content = rewritten;
    }
    out.push(id, ...leb(content.length), ...content);
    at = end;
  }
  return changed ? Uint8Array.from(out) : bytes;
}
