import { createRequire } from 'node:module';
import os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { describeValue, ValueError } from './errors.js';
import { registerWasmKernels } from './wasm-kernels.js';
import { MAX_WASM_THREADS, startThreadedWasm } from './wasm-threads.js';

/** The backends rnn-ts knows how to set up. `tensorflow` is `@tensorflow/tfjs-node`'s native backend. */
export type BackendName = 'wasm' | 'cpu' | 'tensorflow';

/** Every accepted {@link BackendName}, for validating flags and environment variables. */
export const BACKEND_NAMES: readonly BackendName[] = ['wasm', 'cpu', 'tensorflow'];

/** Options of {@link setupBackend}. */
export interface SetupBackendArgs {
  /**
   * Which backend to use. Default: the `RNN_BACKEND` environment variable when set, otherwise
   * `tensorflow` when `@tensorflow/tfjs-node` is installed, otherwise `wasm`.
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
   * threads): a whole number from 1 to 8, or `'auto'` for one per CPU (at most 8). With more than one,
   * tfjs-backend-wasm's multi-threaded build is started (which stock tfjs refuses under Node); results are
   * the same as with one thread. Takes effect when wasm is first set up in a process. Default: the
   * `RNN_WASM_THREADS` environment variable when set, otherwise `'auto'`.
   */
  threads?: number | 'auto';
}

function tfjsNodeInstalled(): boolean {
  try {
    createRequire(`${process.cwd()}/`).resolve('@tensorflow/tfjs-node');
    return true;
  } catch {
    return false;
  }
}

/** The XNNPACK thread count asked for by `threads` or `RNN_WASM_THREADS`, validated. */
function requestedThreads(option: number | 'auto' | undefined): number {
  const fromEnv = process.env.RNN_WASM_THREADS;
  const raw: unknown = option ?? (fromEnv !== undefined && fromEnv !== '' ? (fromEnv === 'auto' ? 'auto' : Number(fromEnv)) : 'auto');
  if (raw === 'auto') return Math.max(1, Math.min(os.availableParallelism(), MAX_WASM_THREADS));
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 1 || raw > MAX_WASM_THREADS) {
    const what = option === undefined ? 'the RNN_WASM_THREADS environment variable' : '`threads`';
    throw new ValueError(`Expected ${what} to be 'auto' or a whole number from 1 to ${MAX_WASM_THREADS}, but got ${describeValue(option ?? fromEnv)}.`);
  }
  return raw;
}

async function setAndReady(name: BackendName): Promise<void> {
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`tf.setBackend('${name}') returned false`);
  await tf.ready();
}

async function activate(name: BackendName, threads: number, warn: (message: string) => void): Promise<void> {
  if (name === 'wasm') {
    await import('@tensorflow/tfjs-backend-wasm');
    let started = false;
    if (threads > 1) {
      try {
        await startThreadedWasm(threads, () => setAndReady('wasm'));
        started = true;
      } catch (err) {
        warn(`rnn-ts: the multi-threaded wasm backend could not start (${(err as Error).message}); using one thread.`);
        tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
      }
    }
    if (!started) await setAndReady('wasm');
    registerWasmKernels();
    return;
  }
  if (name === 'tensorflow') {
    // Imported by a computed name so bundlers and tsc never require tfjs-node: it is an optional,
    // user-installed package (its install downloads a native binary).
    const moduleName = '@tensorflow/tfjs-node';
    await import(moduleName);
  }
  await setAndReady(name);
}

/**
 * Choose and initialise the TensorFlow.js backend, in one place for every package and app:
 * `wasm` (SIMD, the default: ~20× faster than `cpu` here), `cpu` (pure JS, for tiny tests) or
 * `tensorflow` (native, picked automatically when the user has `@tensorflow/tfjs-node` installed;
 * rnn-ts never depends on it). On wasm it also registers the kernels stock tfjs lacks for training
 * ({@link registerWasmKernels}).
 *
 * @param args - see {@link SetupBackendArgs}.
 * @returns the name of the backend now active.
 * @throws ValueError when `backend` or `RNN_BACKEND` is not one of `wasm`, `cpu`, `tensorflow`.
 * @throws Error when the named backend cannot start and `fallback` is false.
 * @example
 * ```ts
 * import { setupBackend } from '@rnn/core';
 * const name = await setupBackend();            // 'wasm', one XNNPACK thread per CPU
 * await setupBackend({ threads: 1 });           // single-threaded wasm (when first set up)
 * await setupBackend({ backend: 'cpu' });       // 'cpu'
 * // RNN_BACKEND=tensorflow node app.js          // uses tfjs-node if installed
 * ```
 */
export async function setupBackend(args: SetupBackendArgs = {}): Promise<BackendName> {
  const warn = args.warn ?? ((m: string) => console.warn(m));
  const fromEnv = process.env.RNN_BACKEND;
  if (args.backend !== undefined && !BACKEND_NAMES.includes(args.backend)) {
    throw new ValueError(`Expected \`backend\` to be one of wasm, cpu, tensorflow, but got ${describeValue(args.backend)}.`);
  }
  if (args.backend === undefined && fromEnv !== undefined && fromEnv !== '' && !BACKEND_NAMES.includes(fromEnv as BackendName)) {
    throw new ValueError(`Expected the RNN_BACKEND environment variable to be one of wasm, cpu, tensorflow, but got ${describeValue(fromEnv)}.`);
  }
  const named = args.backend ?? (fromEnv ? (fromEnv as BackendName) : undefined);
  const choice: BackendName = named ?? (tfjsNodeInstalled() ? 'tensorflow' : 'wasm');
  const fallback = args.fallback ?? named === undefined;
  const threads = requestedThreads(args.threads);
  if (tf.getBackend() === choice && (choice !== 'wasm' || tf.getKernel('UnsortedSegmentSum', 'wasm'))) return choice;
  try {
    await activate(choice, threads, warn);
    return choice;
  } catch (err) {
    if (!fallback || choice === 'cpu') {
      throw new Error(`Could not start the '${choice}' TensorFlow.js backend: ${(err as Error).message}`);
    }
    warn(`rnn-ts: the '${choice}' backend could not start (${(err as Error).message}); falling back to 'cpu', which is much slower.`);
    await activate('cpu', 1, warn);
    return 'cpu';
  }
}
