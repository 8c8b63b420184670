import * as tf from '@tensorflow/tfjs';
import { setupBackend } from './backend.js';
import { HeapOps } from './heap-ops.js';
import { WasmHeap, type WasmHeapBackend } from './wasm-heap.js';
import { WasmHeapModule } from './wasm-heap-module.js';

/**
 * A hand-assembled module importing `env.memory` and exporting `store(ptr, value)`, an `f32.store` at byte offset
 * `ptr`: type (i32, f32) → (); import env.memory (min 0 pages); one function; export "store"; its body.
 */
const STORE_WASM = Uint8Array.from([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01, 0x60, 0x02, 0x7f, 0x7d, 0x00, 0x02, 0x0f, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x06, 0x6d, 0x65,
  0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x07, 0x09, 0x01, 0x05, 0x73, 0x74, 0x6f, 0x72, 0x65, 0x00, 0x00, 0x0a, 0x0b, 0x01, 0x09,
  0x00, 0x20, 0x00, 0x20, 0x01, 0x38, 0x02, 0x00, 0x0b,
]);
const STORE_BASE64 = Buffer.from(STORE_WASM).toString('base64');

/** A module that does not compile (a truncated header). */
const BROKEN_BASE64 = Buffer.from(STORE_WASM.subarray(0, 6)).toString('base64');

function heapBackend(): WasmHeapBackend {
  return tf.backend() as unknown as WasmHeapBackend;
}

describe('the wasm heap runtime', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('instantiates a hand-written module on the wasm heap, once per heap, writing in place into a tensor', async () => {
    await setupBackend({ backend: 'wasm' });
    const mod = new WasmHeapModule<{ store(ptr: number, value: number): void }>([STORE_BASE64]);
    const exports = mod.exportsFor(tf.backend());
    expect(exports).not.toBeNull();
    expect(mod.exportsFor(tf.backend())).toBe(exports);
    const heap = new WasmHeap(heapBackend());
    const t = heap.vector([1, 2, 3]);
    exports?.store(heap.ptr(t) + 4, 2.5);
    expect(Array.from(heap.view(t))).toEqual([1, 2.5, 3]);
    heap.free(t);
  });

  it('gives null for a module that does not compile, and on a backend without a wasm heap', async () => {
    await setupBackend({ backend: 'wasm' });
    expect(new WasmHeapModule([STORE_BASE64, BROKEN_BASE64]).exportsFor(tf.backend())).toBeNull();
    await setupBackend({ backend: 'cpu' });
    expect(new WasmHeapModule([STORE_BASE64]).exportsFor(tf.backend())).toBeNull();
  });

  it('allocates tensors of any dtype and frees them', async () => {
    await setupBackend({ backend: 'wasm' });
    const before = tf.memory().numBytes;
    const heap = new WasmHeap(heapBackend());
    const t = heap.alloc([2, 2], 'int32');
    heap.array(t).set([1, 2, 3, 4]);
    expect(heap.array(t)).toBeInstanceOf(Int32Array);
    expect(Array.from(heap.array(t))).toEqual([1, 2, 3, 4]);
    expect(heap.ptr(t) % 4).toBe(0);
    heap.free(t);
    expect(tf.memory().numBytes).toBe(before);
  });

  it('multiplies and applies the sigmoid on the heap, into the given outputs', async () => {
    await setupBackend({ backend: 'wasm' });
    const ops = new HeapOps(heapBackend());
    const a = ops.vector([1, 2, 3, 4]);
    const b = ops.vector([5, 6, 7, 8]);
    const a2 = { ...a, shape: [2, 2] };
    const b2 = { ...b, shape: [2, 2] };
    const out = ops.alloc([2, 2]);
    const x = ops.vector([0, 2]);
    try {
      const p = ops.matMul(a2, b2, out);
      expect(Array.from(ops.view(p))).toEqual([19, 22, 43, 50]);
      if (p !== out) ops.free(p);
      const s = ops.sigmoid(x);
      const [s0, s1] = Array.from(ops.view(s));
      expect(s0).toBe(0.5);
      expect(s1).toBeCloseTo(1 / (1 + Math.exp(-2)), 6);
      ops.free(s);
    } finally {
      for (const t of [a, b, out, x]) ops.free(t);
      ops.release();
    }
  });
});
