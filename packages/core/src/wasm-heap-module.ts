import { withSharedMemoryImport } from './shared-memory-import.js';

/**
 * tfjs-backend-wasm's Emscripten module: the single-threaded build exports its heap memory (`asm.memory`); the
 * multi-threaded build creates a shared one in JS and keeps it as `wasmMemory`.
 */
interface WasmModuleWithMemory {
  asm?: { memory?: unknown };
  wasmMemory?: unknown;
}

/** The part of the global `WebAssembly` namespace used here (the package's TS lib settings do not declare it). */
interface WebAssemblyApi {
  Memory: abstract new (...args: never[]) => object;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

/**
 * Hand-written WebAssembly modules that import `env.memory` and work in place on the tensors of tfjs-backend-wasm's
 * heap, instantiated on a backend's heap on first use and cached per heap. On the multi-threaded build's shared heap
 * each binary's memory import is first declared shared ({@link withSharedMemoryImport}). The exports of all binaries
 * are merged into one object.
 *
 * @typeParam Exports - the functions the binaries export (pointers and strides in bytes, as the module defines).
 * @example
 * ```ts
 * const GATES = new WasmHeapModule<{ add3s(...args: number[]): void }>([GATE_WASM_BASE64]);
 * const g = GATES.exportsFor(tf.backend());  // null on another backend or without WebAssembly SIMD
 * g?.add3s(dst, 4 * n, a, 4 * n, b, 4 * n, bias, 0, scale, 0, rows, n);
 * ```
 */
export class WasmHeapModule<Exports extends object> {
  private readonly instances = new WeakMap<object, Exports | null>();

  /** @param binaries - the modules' binaries, base64-encoded. */
  constructor(private readonly binaries: readonly string[]) {}

  /**
   * The modules instantiated on `backend`'s heap (shared or not), or null when that is impossible: `backend` is not
   * the wasm backend, or the engine cannot compile them (e.g. no WebAssembly SIMD).
   */
  exportsFor(backend: unknown): Exports | null {
    const api = (globalThis as unknown as { WebAssembly?: WebAssemblyApi }).WebAssembly;
    const module = (backend as { wasm?: WasmModuleWithMemory } | null | undefined)?.wasm;
    const memory = module?.asm?.memory ?? module?.wasmMemory;
    if (!api || !(memory instanceof api.Memory)) return null;
    const cached = this.instances.get(memory);
    if (cached !== undefined) return cached;
    let exports: Exports | null = null;
    try {
      // The heap of tfjs-backend-wasm's multi-threaded build is a shared memory.
      const shared = typeof SharedArrayBuffer !== 'undefined' && (memory as { buffer?: unknown }).buffer instanceof SharedArrayBuffer;
      const load = (base64: string) => {
        const plain = Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
        const bytes = shared ? withSharedMemoryImport(plain) : plain;
        return new api.Instance(new api.Module(bytes), { env: { memory } }).exports as object;
      };
      exports = Object.assign({}, ...this.binaries.map(load)) as Exports;
    } catch {
      exports = null;
    }
    this.instances.set(memory, exports);
    return exports;
  }
}
