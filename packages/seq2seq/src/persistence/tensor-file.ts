import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

/** Write tensors as little-endian float32, back to back, to `dir/file`; returns the manifest. */
export function writeTensorFile(dir: string, file: string, tensors: readonly NamedTensor[]): TensorManifestEntry[] {
  const total = tensors.reduce((n, t) => n + t.tensor.size, 0);
  const buf = new Float32Array(total);
  const manifest: TensorManifestEntry[] = [];
  let off = 0;
  for (const { name, tensor } of tensors) {
    buf.set(tensor.dataSync() as Float32Array, off);
    manifest.push({ name, shape: tensor.shape.slice(), dtype: 'float32', offset: off * 4 });
    off += tensor.size;
  }
  writeFileSync(join(dir, file), new Uint8Array(buf.buffer));
  return manifest;
}

/**
 * Read tensors written by {@link writeTensorFile}. The caller disposes them.
 *
 * @throws FileFormatError when the file is missing or shorter than the manifest says.
 */
export function readTensorFile(dir: string, file: string, manifest: readonly TensorManifestEntry[]): NamedTensor[] {
  const path = join(dir, file);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    throw new FileFormatError(`Expected the tensor file ${path}, but it does not exist or cannot be read.`);
  }
  const floats = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  return manifest.map((e) => {
    const size = e.shape.reduce((a, b) => a * b, 1);
    const start = e.offset / 4;
    if (!Number.isInteger(start) || start + size > floats.length) {
      throw new FileFormatError(`Expected ${path} to hold ${e.name} (shape [${e.shape}]) at byte ${e.offset}, but the file has only ${bytes.byteLength} bytes.`);
    }
    return { name: e.name, tensor: tf.tensor(floats.subarray(start, start + size), e.shape, 'float32') };
  });
}
