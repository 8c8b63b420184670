import { FileFormatError } from '@rnn/core';

/**
 * One entry of a version-1 bundle's tensor manifest: where a named float32 tensor sits in `weights.bin`
 * or `training-state.bin` (version 2 uses safetensors instead).
 *
 * @example
 * ```ts
 * const first: TensorManifestEntry = { name: 'source_embedding', shape: [2000, 64], dtype: 'float32', offset: 0 };
 * ```
 */
export interface TensorManifestEntry {
  /** Stable name. */
  name: string;
  /** Shape. */
  shape: number[];
  /** Always `'float32'` (ints are stored as float32 too; optimizer counters fit exactly). */
  dtype: 'float32';
  /** Byte offset in the file. */
  offset: number;
}

/**
 * Read the float32 tensors of a version-1 tensor file (little-endian float32, back to back).
 *
 * @param location - the file, for messages.
 * @throws FileFormatError when the file is shorter than the manifest says.
 */
export function decodeV1TensorFile(
  bytes: Uint8Array,
  manifest: readonly TensorManifestEntry[],
  location: string,
): { name: string; shape: number[]; data: Float32Array }[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return manifest.map((e) => {
    const size = e.shape.reduce((a, b) => a * b, 1);
    if (!Number.isInteger(e.offset / 4) || e.offset + 4 * size > bytes.byteLength) {
      throw new FileFormatError(
        `Expected ${location} to hold ${e.name} (shape [${e.shape}]) at byte ${e.offset}, but the file has only ${bytes.byteLength} bytes.`,
      );
    }
    return { name: e.name, shape: e.shape, data: Float32Array.from({ length: size }, (_, i) => view.getFloat32(e.offset + 4 * i, true)) };
  });
}
