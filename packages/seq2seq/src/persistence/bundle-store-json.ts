import { FileFormatError } from '@rnn/core';
import type { BundleStore } from './bundle-store.js';

/** `location/name`, for messages: a path, a URL or `indexeddb://name/file`. */
export function bundleFilePath(store: BundleStore, name: string): string {
  return `${store.location.replace(/\/+$/, '')}/${name}`;
}

/**
 * Read and parse one JSON file of a bundle.
 *
 * @throws FileFormatError naming the file and `what` when it is missing (from the store) or not JSON.
 */
export async function readBundleJson<T = unknown>(store: BundleStore, name: string, what: string): Promise<T> {
  const text = new TextDecoder().decode(await store.read(name));
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new FileFormatError(`Expected the ${what} at ${bundleFilePath(store, name)} to be JSON, but parsing failed: ${(err as Error).message}`);
  }
}

/** UTF-8 bytes of `value` as one line of JSON, as bundles store it. */
export function jsonBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(value)}\n`);
}
