/**
 * Where the files of a seq2seq bundle live: a folder on disk (Node), a URL served as static files
 * (`fetch`), or an IndexedDB database (`indexeddb://name`). The bundle format code
 * (`loadSeq2Seq`/`saveSeq2Seq`) reads and writes through this interface only, so it never touches a
 * file system itself and runs in Node and in the browser alike.
 *
 * @example
 * ```ts
 * async function manifestText(store: BundleStore): Promise<string> {
 *   return new TextDecoder().decode(await store.read('bundle.json'));
 * }
 * ```
 */
export interface BundleStore {
  /** Where the bundle is, for messages: a folder path, a URL or `indexeddb://name`. */
  readonly location: string;
  /**
   * The bytes of one file of the bundle.
   * @throws FileFormatError (from @rnn/core) naming `location` and `name` when the file is missing or cannot be read.
   */
  read(name: string): Promise<Uint8Array>;
  /** Whether the bundle has this file. */
  has(name: string): Promise<boolean>;
  /**
   * Replace the whole bundle with exactly these files. A store on a medium that allows it makes this
   * atomic: a reader sees either the old complete bundle or the new one, never a mix.
   */
  writeAll(files: ReadonlyMap<string, Uint8Array>): Promise<void>;
}
