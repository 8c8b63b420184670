// Fixtures the TSDoc examples of @rnn/core use (scripts/check-examples.mjs type-checks them).
declare const units: number;
declare const args: Record<string, unknown>;
declare const writeFileSync: typeof import('node:fs').writeFileSync;
declare const join: typeof import('node:path').join;
declare const readFileSync: typeof import('node:fs').readFileSync;
declare const fill: (tmp: string) => Promise<void>;
declare const bytes: Uint8Array;
declare const url: string;
declare const memory: WebAssembly.Memory;
/** The bytes of a wasm module. */
declare const moduleBytes: Uint8Array<ArrayBuffer>;
/** Heap pointers and sizes of the wasm examples. */
declare const batch: number;
declare const n: number;
declare const rows: number;
declare const h: import('@tensorflow/tfjs').TensorInfo;
declare const U: import('@tensorflow/tfjs').TensorInfo;
declare const dst: number;
declare const a: number;
declare const b: number;
declare const bias: number;
declare const scale: number;
declare const GATE_WASM_BASE64: string;
