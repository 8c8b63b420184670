import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { describeValue, ValueError } from './errors.js';
import { registerWasmKernels } from './wasm-kernels.js';

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
}

function tfjsNodeInstalled(): boolean {
  try {
    createRequire(`${process.cwd()}/`).resolve('@tensorflow/tfjs-node');
    return true;
  } catch {
    return false;
  }
}

async function activate(name: BackendName): Promise<void> {
  if (name === 'tensorflow') {
    // Imported by a computed name so bundlers and tsc never require tfjs-node: it is an optional,
    // user-installed package (its install downloads a native binary).
    const moduleName = '@tensorflow/tfjs-node';
    await import(moduleName);
  } else if (name === 'wasm') {
    await import('@tensorflow/tfjs-backend-wasm');
  }
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`tf.setBackend('${name}') returned false`);
  await tf.ready();
  if (name === 'wasm') registerWasmKernels();
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
 * const name = await setupBackend();            // 'wasm'
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
  if (tf.getBackend() === choice && (choice !== 'wasm' || tf.getKernel('UnsortedSegmentSum', 'wasm'))) return choice;
  try {
    await activate(choice);
    return choice;
  } catch (err) {
    if (!fallback || choice === 'cpu') {
      throw new Error(`Could not start the '${choice}' TensorFlow.js backend: ${(err as Error).message}`);
    }
    warn(`rnn-ts: the '${choice}' backend could not start (${(err as Error).message}); falling back to 'cpu', which is much slower.`);
    await activate('cpu');
    return 'cpu';
  }
}
