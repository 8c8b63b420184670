// When the wasm sequence kernels run: a global on/off switch (for tests comparing them with the tf-op path) and the
// state size from which the one-step functions use them.

let enabled = true;

/**
 * Smallest state (`batch × units` elements) for which `gruStep`/`lstmStep` use the one-step kernel. Below it the
 * kernel's fixed set-up (scratch buffers, bias copies) costs more than it saves: measured (CPU per step, loaded
 * machine) batch 1 × 256 units: GRU 157 µs kernel vs 150 µs plain ops, LSTM 179 vs 122; batch 8 × 256: GRU 246 vs
 * 325, LSTM 347 vs 374; batch 64 × 128: GRU 465 vs 587, LSTM 621 vs 715.
 */
export const STEP_KERNEL_MIN_SIZE = 2048;

/**
 * Switch the wasm sequence kernels on or off (for tests comparing them with the plain-tf path). Default: on.
 *
 * @param on Whether `useWasmSequenceKernels` (wasm/register.ts) may return true.
 * @example
 * ```ts
 * setWasmSequenceKernels(false); // gruSequence/lstmSequence now run per-step tf ops on wasm too
 * ```
 */
export function setWasmSequenceKernels(on: boolean): void {
  enabled = on;
}

/** Whether the switch ({@link setWasmSequenceKernels}) is on. */
export function wasmSequenceKernelsEnabled(): boolean {
  return enabled;
}
