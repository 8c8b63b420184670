import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { type EmscriptenModule, wasmThreadCount } from '../wasm-thread-count.js';

/** What `@tensorflow/tfjs-backend-wasm` exports that the threaded start-up needs. */
interface WasmBackendModule {
  setThreadsCount(count: number): void;
}

/** The text the threaded build's main script Blob starts with (tf-backend-wasm.node.js, 4.x). */
const MAIN_SCRIPT_PREFIX = 'var WasmBackendModuleThreadedSimd';

/**
 * Module-level names of tfjs-backend-wasm's Node bundle that its threaded factory uses: the factory's
 * source is re-evaluated in every worker, where these must exist.
 */
const WORKER_PRELUDE = [
  'var commonjsGlobal = globalThis;',
  'var require$$0 = require("fs"), require$$1 = require("path"), require$$3 = require("perf_hooks"), require$$4 = require("os");',
].join('\n');

/**
 * Start tfjs-backend-wasm's multi-threaded SIMD build under Node, which stock tfjs 4.x refuses
 * (`WASM_HAS_MULTITHREAD_SUPPORT` is false in Node, tensorflow/tfjs#3830). Three things stop it there,
 * and each is bridged only for the duration of `start` (set-up and restore happen around it):
 * - its Emscripten pthread workers are started from Blob URLs, which Node's `worker_threads` cannot
 *   load: the worker script and the module factory are written to a temporary folder instead (removed
 *   when the process exits), and the workers load them from there;
 * - the factory's source, re-evaluated in each worker, names module-level variables of the Node bundle:
 *   the worker script defines them first;
 * - its C++ side caps the thread count at half of `os.cpus().length` (it assumes two hyper-threads per
 *   core): `os.cpus` reports `2 × threads` CPUs while the module starts.
 * The workers are then `unref`'d, so they never keep the process alive.
 *
 * @param threads - XNNPACK threads wanted, 2 to `MAX_WASM_THREADS` (8).
 * @param start - sets and readies the wasm backend (`tf.setBackend('wasm')`, `tf.ready()`).
 * @returns the thread count the backend reports once started.
 * @throws Error when the installed tfjs-backend-wasm does not look like the 4.x build this bridges.
 * @example
 * ```ts
 * const threads = await startThreadedWasm(2, async () => { await tf.setBackend('wasm'); await tf.ready(); });
 * ```
 */
export async function startThreadedWasm(threads: number, start: () => Promise<void>): Promise<number> {
  const backendModule = (await import('@tensorflow/tfjs-backend-wasm')) as unknown as Partial<WasmBackendModule>;
  if (typeof backendModule.setThreadsCount !== 'function') {
    throw new Error('@tensorflow/tfjs-backend-wasm has no setThreadsCount(): not the 4.x build this start-up bridges');
  }
  const dir = mkdtempSync(join(os.tmpdir(), 'rnn-ts-wasm-threads-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const mainScript = join(dir, 'backend-factory.js');
  const workerScript = join(dir, 'pthread-worker.js');
  let sawMainScript = false;

  const OriginalBlob = globalThis.Blob;
  const originalCreateObjectURL = URL.createObjectURL;
  const originalCpus = os.cpus;
  class RecordingBlob extends OriginalBlob {
    readonly recordedText: string | undefined;
    constructor(...args: ConstructorParameters<typeof OriginalBlob>) {
      super(...args);
      const parts: readonly unknown[] = args[0] ?? [];
      this.recordedText = parts.every((p) => typeof p === 'string') ? parts.join('') : undefined;
      if (this.recordedText?.startsWith(MAIN_SCRIPT_PREFIX)) {
        writeFileSync(mainScript, `var _scriptDir = ${JSON.stringify(mainScript)};\n${WORKER_PRELUDE}\n${this.recordedText}\n`);
        sawMainScript = true;
      }
    }
  }
  globalThis.Blob = RecordingBlob;
  URL.createObjectURL = (blob: Blob): string => {
    const text = (blob as Partial<RecordingBlob>).recordedText;
    if (text === undefined || !text.includes('ENVIRONMENT_IS_NODE') || !sawMainScript) return originalCreateObjectURL(blob);
    // The worker script asks URL.createObjectURL for the factory Blob it is sent; it gets the file instead.
    const redirect = `URL.createObjectURL = () => ${JSON.stringify(mainScript)}; URL.revokeObjectURL = () => {};\n`;
    writeFileSync(workerScript, redirect + text);
    return workerScript;
  };
  // Only the length is read; the entries just have the documented shape.
  const fakeCpu: os.CpuInfo = { model: 'reported for tfjs-backend-wasm', speed: 0, times: { user: 0, nice: 0, sys: 0, idle: 0, irq: 0 } };
  os.cpus = () => Array.from({ length: 2 * threads }, () => fakeCpu);
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  backendModule.setThreadsCount(threads);
  try {
    await start();
  } finally {
    globalThis.Blob = OriginalBlob;
    URL.createObjectURL = originalCreateObjectURL;
    os.cpus = originalCpus;
  }
  const wasm = (tf.backend() as unknown as { wasm?: EmscriptenModule }).wasm;
  for (const worker of [...(wasm?.PThread?.unusedWorkers ?? []), ...(wasm?.PThread?.runningWorkers ?? [])]) worker.unref?.();
  return wasmThreadCount();
}
