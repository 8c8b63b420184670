import * as tf from '@tensorflow/tfjs';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

/** The backends the page offers. `webgpu` is listed only when the browser has `navigator.gpu` and tfjs registered it. */
export type PageBackend = 'wasm' | 'webgl' | 'cpu' | 'webgpu';

/**
 * The tfjs wasm binaries, emitted by vite into the page's own assets (no CDN): the file names
 * tfjs-backend-wasm asks for, mapped to their hashed URLs.
 */
export const WASM_PATHS = {
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd,
} as const;

let wasmConfigured = false;

/**
 * Configure the wasm backend once, before its first use: where the binaries are, and whether it may start
 * its threaded build (only in a cross-origin isolated page, and only when `threads` > 1).
 */
function configureWasm(threads: number): void {
  if (wasmConfigured) return;
  wasmConfigured = true;
  setWasmPaths(WASM_PATHS);
  const isolated = typeof crossOriginIsolated !== 'undefined' && crossOriginIsolated;
  if (threads <= 1 || !isolated) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  else setThreadsCount(threads);
}

/** What {@link activateBackend} set up. */
export interface BackendInfo {
  name: string;
  /** wasm only: whether SIMD and threads are in use, and how many threads. */
  simd: boolean | null;
  threads: number | null;
}

/** The backends this browser can offer, in the order the switch lists them. */
export function offeredBackends(): PageBackend[] {
  const names: PageBackend[] = ['wasm', 'webgl', 'cpu'];
  if (typeof navigator !== 'undefined' && 'gpu' in navigator && tf.findBackendFactory('webgpu') !== null) names.push('webgpu');
  return names;
}

/**
 * Make `name` the active tfjs backend. `threads` (wasm) is the XNNPACK thread count asked for; it takes
 * effect only on the first wasm start of the page.
 *
 * @throws Error when the backend cannot start in this browser.
 */
export async function activateBackend(name: PageBackend, threads: number): Promise<BackendInfo> {
  if (name === 'wasm') configureWasm(threads);
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`The ${name} backend could not start in this browser.`);
  await tf.ready();
  const wasm = name === 'wasm';
  return {
    name: tf.getBackend(),
    simd: wasm ? tf.env().getBool('WASM_HAS_SIMD_SUPPORT') : null,
    threads: wasm ? (tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT') ? threads : 1) : null,
  };
}
