import * as tf from '@tensorflow/tfjs';
import { nodeBackendPlatform, runningInNode } from './backend-platform.js';
import { describeValue, ValueError } from './errors.js';
import { checkKnownOptions } from './validate.js';
import { registerWasmKernels } from './wasm-kernels.js';
import { MAX_WASM_THREADS } from './wasm-thread-count.js';

/**
 * The backends rnn-ts knows how to set up: `wasm` (Node and browsers), `webgl` and `webgpu`
 * (browsers), `cpu` (everywhere) and `tensorflow` (`@tensorflow/tfjs-node`'s native backend, Node).
 */
export type BackendName = 'wasm' | 'webgl' | 'webgpu' | 'cpu' | 'tensorflow';

/** Every accepted {@link BackendName}, for validating flags and environment variables. */
export const BACKEND_NAMES: readonly BackendName[] = ['wasm', 'webgl', 'webgpu', 'cpu', 'tensorflow'];

/** The three binaries of tfjs-backend-wasm, the keys of a {@link SetupBackendArgs.wasmPaths} map. */
export type WasmBinaryName = 'tfjs-backend-wasm.wasm' | 'tfjs-backend-wasm-simd.wasm' | 'tfjs-backend-wasm-threaded-simd.wasm';

/** Every {@link WasmBinaryName}: a `wasmPaths` map needs all three (tfjs picks one at run time). */
export const WASM_BINARY_NAMES: readonly WasmBinaryName[] = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];

/** Options of {@link setupBackend}. */
export interface SetupBackendArgs {
  /**
   * Which backend to use. Default: in Node with `@rnn/core/node` imported, the `RNN_BACKEND`
   * environment variable when set, otherwise `tensorflow` when `@tensorflow/tfjs-node` is installed,
   * otherwise `wasm`; everywhere else `wasm`.
   */
  backend?: BackendName;
  /**
   * When the chosen backend cannot start, fall back to `cpu` (with a warning) instead of throwing.
   * Default: true when no backend was named explicitly (option or `RNN_BACKEND`), false otherwise.
   */
  fallback?: boolean;
  /** Where warnings go. Default: `console.warn`. */
  warn?: (message: string) => void;
  /**
   * Threads for the wasm backend's matrix products (XNNPACK's thread pool, like PyTorch's intra-op
   * threads): a whole number from 1 to 8, or `'auto'` for one per CPU (at most 8). Results are the same
   * as with one thread. Takes effect when wasm is first set up. In a browser, threads need a
   * cross-origin isolated page (`crossOriginIsolated`, i.e. COOP/COEP headers); otherwise tfjs loads
   * the single-threaded build. In Node they need `@rnn/core/node` (it starts tfjs-backend-wasm's
   * threaded build, which stock tfjs refuses under Node). Default: in Node with `@rnn/core/node`, the
   * `RNN_WASM_THREADS` environment variable when set, otherwise `'auto'`; without it, 1 in Node and
   * `'auto'` in a browser.
   */
  threads?: number | 'auto';
  /**
   * Where a browser fetches tfjs-backend-wasm's `.wasm` binaries: a URL prefix ending in `/`
   * (e.g. `'/wasm/'` or a CDN folder) or a map from each {@link WasmBinaryName} to its URL (e.g. the
   * URLs a bundler's asset import gives). Passed to tfjs' `setWasmPaths` before the backend starts.
   * Default: tfjs' own default, the folder of the page (so serve the three files from
   * `node_modules/@tensorflow/tfjs-backend-wasm/dist/` next to `index.html`: vite's `public/` folder,
   * or esbuild's output folder). Ignored in Node, which reads them from the installed package.
   */
  wasmPaths?: string | Record<WasmBinaryName, string>;
}

const KNOWN_OPTIONS = ['backend', 'fallback', 'warn', 'threads', 'wasmPaths'] as const;

/** What `@tensorflow/tfjs-backend-wasm` exports that the set-up uses. */
interface WasmBackendModule {
  setWasmPaths(prefixOrFileMap: string | Record<WasmBinaryName, string>, usePlatformFetch?: boolean): void;
  setThreadsCount(count: number): void;
}

let warnedNodeThreads = false;

/** Validate `wasmPaths`: a non-empty URL prefix, or a map with a URL for each of the three binaries. */
function checkWasmPaths(paths: unknown): void {
  if (paths === undefined || (typeof paths === 'string' && paths !== '')) return;
  if (typeof paths === 'object' && paths !== null && !Array.isArray(paths)) {
    const map = paths as Record<string, unknown>;
    const missing = WASM_BINARY_NAMES.filter((n) => typeof map[n] !== 'string' || map[n] === '');
    const extra = Object.keys(map).filter((k) => !(WASM_BINARY_NAMES as readonly string[]).includes(k));
    if (missing.length === 0 && extra.length === 0) return;
    throw new ValueError(
      `Expected \`wasmPaths\` to map each of ${WASM_BINARY_NAMES.join(', ')} to a URL, but ${missing.length ? `${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing` : `it also has ${extra.join(', ')}`}.`,
    );
  }
  throw new ValueError(`Expected \`wasmPaths\` to be a URL prefix (e.g. '/wasm/') or a map from wasm file name to URL, but got ${describeValue(paths)}.`);
}

/** The XNNPACK thread count asked for by `threads` or `RNN_WASM_THREADS`, validated. */
function requestedThreads(option: number | 'auto' | undefined, warn: (message: string) => void): number | 'auto' {
  const platform = nodeBackendPlatform();
  const fromEnv = platform?.env('RNN_WASM_THREADS');
  const raw: unknown = option ?? (fromEnv !== undefined ? (fromEnv === 'auto' ? 'auto' : Number(fromEnv)) : 'auto');
  if (raw !== 'auto' && (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 1 || raw > MAX_WASM_THREADS)) {
    const what = option === undefined ? 'the RNN_WASM_THREADS environment variable' : '`threads`';
    throw new ValueError(`Expected ${what} to be 'auto' or a whole number from 1 to ${MAX_WASM_THREADS}, but got ${describeValue(option ?? fromEnv)}.`);
  }
  if (platform) return raw === 'auto' ? Math.max(1, Math.min(platform.cpuCount(), MAX_WASM_THREADS)) : raw;
  if (!runningInNode()) return raw;
  // Node without @rnn/core/node: the threads bridge is not loaded.
  if (raw !== 'auto' && raw > 1) {
    throw new ValueError(
      `Expected \`threads\` to be 1 in Node without @rnn/core/node, but got ${raw}: import { setupBackend } from '@rnn/core/node' to start the threaded wasm backend.`,
    );
  }
  if (raw === 'auto' && !warnedNodeThreads) {
    warnedNodeThreads = true;
    warn(
      "rnn-ts: wasm runs on one thread: import { setupBackend } from '@rnn/core/node' (instead of '@rnn/core') for threads, RNN_BACKEND and tfjs-node in Node.",
    );
  }
  return 1;
}

async function setAndReady(name: BackendName): Promise<void> {
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`tf.setBackend('${name}') returned false`);
  await tf.ready();
}

function isCrossOriginIsolated(): boolean {
  return (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
}

async function activateWasm(args: SetupBackendArgs, threads: number | 'auto', warn: (message: string) => void): Promise<void> {
  const wasm = (await import('@tensorflow/tfjs-backend-wasm')) as unknown as WasmBackendModule;
  const platform = nodeBackendPlatform();
  if (platform) {
    const n = threads === 'auto' ? 1 : threads;
    let started = false;
    if (n > 1) {
      try {
        await platform.startThreadedWasm(n, () => setAndReady('wasm'));
        started = true;
      } catch (err) {
        warn(`rnn-ts: the multi-threaded wasm backend could not start (${(err as Error).message}); using one thread.`);
        tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
      }
    }
    if (!started) await setAndReady('wasm');
  } else {
    if (args.wasmPaths !== undefined && !runningInNode()) wasm.setWasmPaths(args.wasmPaths);
    if (!runningInNode()) {
      // A page: tfjs loads the threaded build by itself when the page is cross-origin isolated.
      const cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1;
      const n = threads === 'auto' ? Math.max(1, Math.min(cores, MAX_WASM_THREADS)) : threads;
      if (threads !== 'auto' && n > 1 && !isCrossOriginIsolated()) {
        warn(`rnn-ts: ${n} wasm threads asked for, but the page is not cross-origin isolated (COOP/COEP headers), so tfjs loads the single-threaded build.`);
      }
      if (isCrossOriginIsolated()) wasm.setThreadsCount(n);
    }
    await setAndReady('wasm');
  }
  registerWasmKernels();
}

async function activate(name: BackendName, args: SetupBackendArgs, threads: number | 'auto', warn: (message: string) => void): Promise<void> {
  if (name === 'wasm') return activateWasm(args, threads, warn);
  if (name === 'tensorflow') {
    // Imported by a computed name so bundlers and tsc never require tfjs-node: it is an optional,
    // user-installed package (its install downloads a native binary).
    const moduleName = '@tensorflow/tfjs-node';
    await import(moduleName);
  }
  if (name === 'webgpu') {
    if (!tf.findBackendFactory('webgpu')) {
      throw new Error("no webgpu backend is registered: install @tensorflow/tfjs-backend-webgpu and `import '@tensorflow/tfjs-backend-webgpu'` in the app");
    }
    if (!(globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu) throw new Error('this browser has no WebGPU (navigator.gpu)');
  }
  await setAndReady(name);
}

/**
 * Choose and initialise the TensorFlow.js backend, in one place for every package and app, in Node
 * and in the browser:
 * - `wasm` (SIMD, the default: ~20× faster than `cpu` here). It also registers the kernels stock
 *   tfjs lacks for training ({@link registerWasmKernels}); the fused GRU/LSTM kernels of
 *   `@rnn/layers` run on it. In a browser it uses threads when the page is cross-origin isolated.
 * - `webgl`, `webgpu` (browsers; `webgpu` when the app imports `@tensorflow/tfjs-backend-webgpu` and
 *   the browser has `navigator.gpu`): the plain tf-op paths run there.
 * - `cpu` (pure JS, for tiny tests) and `tensorflow` (native, picked automatically in Node when
 *   `@tensorflow/tfjs-node` is installed and `@rnn/core/node` is imported; rnn-ts never depends on it).
 *
 * @param args - see {@link SetupBackendArgs}.
 * @returns the name of the backend now active.
 * @throws ValueError when `backend` or `RNN_BACKEND` is not a {@link BackendName}, `threads` is out of
 *   range, or `wasmPaths` is neither a URL prefix nor a map of all three binaries.
 * @throws Error when the named backend cannot start and `fallback` is false.
 * @example
 * ```ts
 * import { setupBackend } from '@rnn/core';     // browser; in Node import it from '@rnn/core/node'
 * const name = await setupBackend();            // 'wasm'
 * await setupBackend({ backend: 'webgl' });     // 'webgl' in a browser
 * await setupBackend({ wasmPaths: '/wasm/' });  // fetch the .wasm files from /wasm/
 * await setupBackend({ backend: 'cpu' });       // 'cpu'
 * ```
 */
export async function setupBackend(args: SetupBackendArgs = {}): Promise<BackendName> {
  checkKnownOptions('setupBackend options', args, KNOWN_OPTIONS);
  checkWasmPaths(args.wasmPaths);
  const warn = args.warn ?? ((m: string) => console.warn(m));
  const platform = nodeBackendPlatform();
  const fromEnv = platform?.env('RNN_BACKEND');
  const names = BACKEND_NAMES.join(', ');
  if (args.backend !== undefined && !BACKEND_NAMES.includes(args.backend)) {
    throw new ValueError(`Expected \`backend\` to be one of ${names}, but got ${describeValue(args.backend)}.`);
  }
  if (args.backend === undefined && fromEnv !== undefined && !BACKEND_NAMES.includes(fromEnv as BackendName)) {
    throw new ValueError(`Expected the RNN_BACKEND environment variable to be one of ${names}, but got ${describeValue(fromEnv)}.`);
  }
  const named = args.backend ?? (fromEnv as BackendName | undefined);
  const choice: BackendName = named ?? (platform?.tfjsNodeInstalled() ? 'tensorflow' : 'wasm');
  const fallback = args.fallback ?? named === undefined;
  const threads = choice === 'wasm' ? requestedThreads(args.threads, warn) : 1;
  if (tf.getBackend() === choice && (choice !== 'wasm' || tf.getKernel('UnsortedSegmentSum', 'wasm'))) return choice;
  try {
    await activate(choice, args, threads, warn);
    return choice;
  } catch (err) {
    if (!fallback || choice === 'cpu') {
      throw new Error(`Could not start the '${choice}' TensorFlow.js backend: ${(err as Error).message}`);
    }
    warn(`rnn-ts: the '${choice}' backend could not start (${(err as Error).message}); falling back to 'cpu', which is much slower.`);
    await activate('cpu', args, 1, warn);
    return 'cpu';
  }
}
