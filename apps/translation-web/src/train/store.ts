import type { CharGRUConfig } from './char-gru.js';

/** A trained model as kept in IndexedDB. */
export interface SavedCharGRU {
  config: CharGRUConfig;
  chars: string[];
  weights: Float32Array;
  step: number;
  epoch: number;
}

const DB = 'rnn-ts-train';
const STORE = 'models';

function open(): Promise<IDBDatabase> {
  return new Promise((ok, fail) => {
    const r = indexedDB.open(DB, 1);
    r.onupgradeneeded = () => r.result.createObjectStore(STORE);
    r.onsuccess = () => ok(r.result);
    r.onerror = () => fail(new Error(`Could not open IndexedDB database ${DB}: ${r.error?.message}`));
  });
}

/** Store `value` under `name` (replacing it), in one transaction. */
export async function idbPut(name: string, value: SavedCharGRU): Promise<void> {
  const db = await open();
  await new Promise<void>((ok, fail) => {
    const tx = db.transaction(STORE, 'readwrite');
    tx.objectStore(STORE).put(value, name);
    tx.oncomplete = () => ok();
    tx.onerror = () => fail(new Error(`Could not save "${name}" to IndexedDB: ${tx.error?.message}`));
  });
  db.close();
}

/** The model stored under `name`, or undefined. */
export async function idbGet(name: string): Promise<SavedCharGRU | undefined> {
  const db = await open();
  const value = await new Promise<SavedCharGRU | undefined>((ok, fail) => {
    const r = db.transaction(STORE, 'readonly').objectStore(STORE).get(name);
    r.onsuccess = () => ok(r.result as SavedCharGRU | undefined);
    r.onerror = () => fail(new Error(`Could not read "${name}" from IndexedDB: ${r.error?.message}`));
  });
  db.close();
  return value;
}
