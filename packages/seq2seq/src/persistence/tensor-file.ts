import { FileFormatError } from '@rnn/core';
import * as tf from '@tensorflow/tfjs';

/**
 * One entry of a tensor-file manifest: where a named float32 tensor sits in the binary file.
 *
 * @example
 * ```ts
 * manifest.weights[0]; // { name: 'source_embedding', shape: [2000, 64], dtype: 'float32', offset: 0 }
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
 * A named tensor, as tfjs optimizers' `getWeights()` return them.
 *
 * @example
 * ```ts
 * const slots: NamedTensor[] = await optimizer.getWeights();
 * ```
 */
export interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

/** Encode tensors as little-endian float32, back to back; returns the bytes and their manifest. */
export function encodeTensorFile(tensors: readonly NamedTensor[]): { bytes: Uint8Array; manifest: TensorManifestEntry[] } {
  const total = tensors.reduce((n, t) => n + t.tensor.size, 0);
  const buf = new Float32Array(total);
  const manifest: TensorManifestEntry[] = [];
  let off = 0;
  for (const { name, tensor } of tensors) {
    buf.set(tensor.dataSync() as Float32Array, off);
    manifest.push({ name, shape: tensor.shape.slice(), dtype: 'float32', offset: off * 4 });
    off += tensor.size;
  }
  return { bytes: new Uint8Array(buf.buffer), manifest };
}

/**
 * Decode tensors encoded by {@link encodeTensorFile}. The caller disposes them.
 *
 * @param where - the file, for messages (e.g. `runs/m/weights.bin`).
 * @throws FileFormatError when the bytes are shorter than the manifest says.
 */
export function decodeTensorFile(bytes: Uint8Array, manifest: readonly TensorManifestEntry[], where: string): NamedTensor[] {
  const floats = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + (bytes.byteLength - (bytes.byteLength % 4))));
  return manifest.map((e) => {
    const size = e.shape.reduce((a, b) => a * b, 1);
    const start = e.offset / 4;
    if (!Number.isInteger(start) || start + size > floats.length) {
      throw new FileFormatError(`Expected ${where} to hold ${e.name} (shape [${e.shape}]) at byte ${e.offset}, but the file has only ${bytes.byteLength} bytes.`);
    }
    return { name: e.name, tensor: tf.tensor(floats.subarray(start, start + size), e.shape, 'float32') };
  });
}
