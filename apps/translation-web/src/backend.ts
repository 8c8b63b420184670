import { setupBackend, wasmThreadCount } from '@rnn/core';
import * as tf from '@tensorflow/tfjs';
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
 * Make `name` the active tfjs backend with the library's `setupBackend` (which also registers rnn-ts'
 * wasm kernels). `threads` (wasm) is the XNNPACK thread count asked for; more than one needs a
 * cross-origin isolated page, and it takes effect only on the first wasm start of the page.
 *
 * @throws Error when the backend cannot start in this browser (no fallback: the switch says what runs).
 */
export async function activateBackend(name: PageBackend, threads: number): Promise<BackendInfo> {
  const isolated = typeof crossOriginIsolated !== 'undefined' && crossOriginIsolated;
  // One thread: keep tfjs on its single-threaded SIMD build even in an isolated page, where it would
  // otherwise load the threaded build, whose workers fail in the minified page (see the README).
  if (name === 'wasm' && (threads <= 1 || !isolated)) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  await setupBackend({ backend: name, threads: isolated ? threads : 1, wasmPaths: WASM_PATHS, fallback: false });
  const wasm = name === 'wasm';
  return {
    name: tf.getBackend(),
    simd: wasm ? tf.env().getBool('WASM_HAS_SIMD_SUPPORT') : null,
    threads: wasm ? wasmThreadCount() : null,
  };
}
