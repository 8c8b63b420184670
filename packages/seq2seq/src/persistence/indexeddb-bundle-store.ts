import { describeValue, FileFormatError, ValueError } from '@rnn/core';
import type { BundleStore } from './bundle-store.js';

/** The IndexedDB database and object store that hold every `indexeddb://` bundle. */
export const INDEXEDDB_BUNDLES = { database: 'rnn-ts-bundles', objectStore: 'files', version: 1 } as const;

// The slice of the IndexedDB API used here, typed structurally: the library builds without the DOM lib.
interface IdbRequest<T> {
  readonly result: T;
  readonly error: unknown;
  onsuccess: (() => void) | null;
  onerror: (() => void) | null;
}
interface IdbObjectStore {
  get(key: unknown): IdbRequest<unknown>;
  count(key: unknown): IdbRequest<number>;
  put(value: unknown, key: unknown): IdbRequest<unknown>;
  delete(range: unknown): IdbRequest<undefined>;
}
interface IdbTransaction {
  readonly error: unknown;
  objectStore(name: string): IdbObjectStore;
  abort(): void;
  oncomplete: (() => void) | null;
  onerror: (() => void) | null;
  onabort: (() => void) | null;
}
interface IdbDatabase {
  readonly objectStoreNames: { contains(name: string): boolean };
  createObjectStore(name: string): unknown;
  transaction(store: string, mode: 'readonly' | 'readwrite'): IdbTransaction;
  close(): void;
}
interface IdbOpenRequest extends IdbRequest<IdbDatabase> {
  onupgradeneeded: (() => void) | null;
}
/** The IndexedDB factory (`globalThis.indexedDB`, or fake-indexeddb's in Node). */
export interface IdbFactoryLike {
  open(name: string, version: number): IdbOpenRequest;
}
interface IdbKeyRangeStatic {
  bound(lower: unknown, upper: unknown): unknown;
}

function request<T>(req: IdbRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/**
 * A bundle in the browser's IndexedDB, addressed as `indexeddb://name` (like tfjs' IO handlers):
 * each file is one record keyed `[name, file]` in the `files` object store of the `rnn-ts-bundles`
 * database. `writeAll` replaces the whole bundle in one transaction, so it is atomic: a reader sees
 * the old bundle or the new one, never a mix. In Node, `fake-indexeddb` provides the same API.
 *
 * @example
 * ```ts
 * import { saveSeq2Seq, Translator } from '@rnn/seq2seq';
 * await saveSeq2Seq('indexeddb://fr-en', model, { sourceVocab, targetVocab });
 * const translator = await Translator.load('indexeddb://fr-en');
 * ```
 */
export class IndexedDbBundleStore implements BundleStore {
  /** The URL scheme of this store. */
  static readonly SCHEME = 'indexeddb://';
  readonly location: string;
  /** The bundle's name (the part after `indexeddb://`). */
  readonly name: string;
  private readonly factory: IdbFactoryLike | undefined;

  /**
   * @param location - `indexeddb://name`.
   * @param factory - the IndexedDB to use. Default: `globalThis.indexedDB`.
   * @throws ValueError when `location` is not `indexeddb://` followed by a name.
   */
  constructor(location: string, factory?: IdbFactoryLike) {
    if (!location.startsWith(IndexedDbBundleStore.SCHEME) || location.length === IndexedDbBundleStore.SCHEME.length) {
      throw new ValueError(`Expected \`location\` to be 'indexeddb://' followed by a bundle name, but got ${describeValue(location)}.`);
    }
    this.location = location;
    this.name = location.slice(IndexedDbBundleStore.SCHEME.length);
    this.factory = factory;
  }

  private async open(): Promise<IdbDatabase> {
    const idb = this.factory ?? (globalThis as { indexedDB?: IdbFactoryLike }).indexedDB;
    if (!idb) {
      throw new ValueError(`Expected IndexedDB for ${this.location}, but this environment has none (a browser has it; in Node install fake-indexeddb).`);
    }
    const req = idb.open(INDEXEDDB_BUNDLES.database, INDEXEDDB_BUNDLES.version);
    req.onupgradeneeded = () => {
      if (!req.result.objectStoreNames.contains(INDEXEDDB_BUNDLES.objectStore)) req.result.createObjectStore(INDEXEDDB_BUNDLES.objectStore);
    };
    return request(req);
  }

  private async withStore<T>(mode: 'readonly' | 'readwrite', body: (store: IdbObjectStore) => Promise<T>): Promise<T> {
    const db = await this.open();
    try {
      const tx = db.transaction(INDEXEDDB_BUNDLES.objectStore, mode);
      const done = new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
      });
      let result: T;
      try {
        result = await body(tx.objectStore(INDEXEDDB_BUNDLES.objectStore));
      } catch (err) {
        // Nothing of a failed writeAll may land: abort undoes the queued delete and puts.
        try {
          tx.abort();
        } catch {
          // already finished
        }
        await done.catch(() => undefined);
        throw err;
      }
      await done;
      return result;
    } finally {
      db.close();
    }
  }

  async read(name: string): Promise<Uint8Array> {
    const value: unknown = await this.withStore('readonly', (s) => request(s.get([this.name, name])));
    if (value === undefined) {
      throw new FileFormatError(`Expected the file ${name} in the IndexedDB bundle ${this.location}, but it does not exist.`);
    }
    if (!(value instanceof Uint8Array) && !(value instanceof ArrayBuffer)) {
      throw new FileFormatError(`Expected the file ${name} in the IndexedDB bundle ${this.location} to be bytes, but got ${describeValue(value)}.`);
    }
    return value instanceof Uint8Array ? value : new Uint8Array(value);
  }

  async has(name: string): Promise<boolean> {
    return (await this.withStore('readonly', (s) => request(s.count([this.name, name])))) > 0;
  }

  async writeAll(files: ReadonlyMap<string, Uint8Array>): Promise<void> {
    const keyRange = (globalThis as { IDBKeyRange?: IdbKeyRangeStatic }).IDBKeyRange;
    if (!keyRange) throw new ValueError(`Expected IDBKeyRange beside IndexedDB for ${this.location}, but this environment has none.`);
    await this.withStore('readwrite', async (s) => {
      // All of this bundle's records (keys [name, file] for every file name), then the new files.
      s.delete(keyRange.bound([this.name, ''], [this.name, '\uffff']));
      for (const [file, bytes] of files) s.put(bytes.slice(), [this.name, file]);
    });
  }
}
