import { describeValue, ValueError } from '@rnn/core';
import type { BundleStore } from './bundle-store.js';
import { HttpBundleStore } from './http-bundle-store.js';
import { IndexedDbBundleStore } from './indexeddb-bundle-store.js';

/** Makes the store of a bundle folder; `@rnn/seq2seq/node` installs its `FolderBundleStore`. */
export type FolderStoreFactory = (dir: string) => BundleStore;

let folderStore: FolderStoreFactory | null = null;

/** Install the Node folder store (idempotent; called by `@rnn/seq2seq/node`). */
export function installFolderBundleStore(factory: FolderStoreFactory): void {
  folderStore = factory;
}

function isBundleStore(value: unknown): value is BundleStore {
  const v = value as Partial<BundleStore> | null;
  return typeof v === 'object' && v !== null && typeof v.read === 'function' && typeof v.has === 'function' && typeof v.writeAll === 'function';
}

/**
 * The {@link BundleStore} for where a bundle is: a store is used as it is; `http://…`/`https://…` is
 * a bundle folder served as static files (read-only, `fetch`); `indexeddb://name` is a bundle in the
 * browser's IndexedDB; any other string is, in a page, a URL relative to the page (`'models/fr-en/'`)
 * and, in Node, a folder path, which needs `@rnn/seq2seq/node`.
 *
 * @param location - a store, a URL, `indexeddb://name` or (Node, with `@rnn/seq2seq/node`) a folder path.
 * @param argName - the argument's name, for messages.
 * @throws ValueError for a folder path without `@rnn/seq2seq/node` (always the case in a browser), or another kind of value.
 * @example
 * ```ts
 * resolveBundleStore('https://example.org/models/fr-en/').location; // 'https://example.org/models/fr-en/'
 * resolveBundleStore('indexeddb://fr-en');                          // an IndexedDbBundleStore
 * ```
 */
export function resolveBundleStore(location: string | BundleStore, argName = 'location'): BundleStore {
  if (isBundleStore(location)) return location;
  if (typeof location !== 'string' || location === '') {
    throw new ValueError(`Expected \`${argName}\` to be a URL, 'indexeddb://name', a folder path or a BundleStore, but got ${describeValue(location)}.`);
  }
  if (/^https?:\/\//i.test(location)) return new HttpBundleStore(location);
  if (location.startsWith(IndexedDbBundleStore.SCHEME)) return new IndexedDbBundleStore(location);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) {
    throw new ValueError(
      `Expected \`${argName}\` to be an http(s):// or indexeddb:// URL, a folder path or a BundleStore, but got ${describeValue(location)}.`,
    );
  }
  if (!folderStore) {
    // In a page a path can only be a URL relative to the page, as for `fetch`.
    const page = globalThis as { document?: unknown; location?: { href?: unknown } };
    if (page.document !== undefined && typeof page.location?.href === 'string') return new HttpBundleStore(new URL(location, page.location.href).href);
    throw new ValueError(
      `Expected \`${argName}\` to be a URL, 'indexeddb://name' or a BundleStore, but got the folder path ${describeValue(location)}: folder bundles are read and written in Node through @rnn/seq2seq/node (import { loadSeq2Seq, Translator } from '@rnn/seq2seq/node').`,
    );
  }
  return folderStore(location);
}
