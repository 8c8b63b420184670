import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileFormatError } from '@rnn/core';
import { recoverDirAtomic, writeDirAtomic } from '@rnn/core/node';
import type { BundleStore } from '../persistence/bundle-store.js';

/**
 * A bundle in a folder on disk (Node). `writeAll` is atomic (@rnn/core `writeDirAtomic`): the files
 * go to a temporary sibling folder that replaces the folder only once complete, so a crash or an error
 * mid-way leaves the previous bundle intact. Reading first puts back a folder whose writer was killed
 * between its two renames (@rnn/core `recoverDirAtomic`), so the old or the new bundle is always there.
 *
 * @example
 * ```ts
 * import { FolderBundleStore, loadSeq2Seq } from '@rnn/seq2seq/node';
 * const { model } = await loadSeq2Seq(new FolderBundleStore('runs/fr-en'));
 * ```
 */
export class FolderBundleStore implements BundleStore {
  /** @param location - the bundle folder. */
  constructor(readonly location: string) {}

  async read(name: string): Promise<Uint8Array> {
    recoverDirAtomic(this.location);
    if (!existsSync(this.location) || !statSync(this.location).isDirectory()) {
      throw new FileFormatError(`Expected a seq2seq bundle folder at ${this.location}, but it does not exist.`);
    }
    const path = join(this.location, name);
    try {
      return new Uint8Array(readFileSync(path));
    } catch (err) {
      const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'it does not exist' : `it cannot be read (${(err as Error).message})`;
      throw new FileFormatError(`Expected the file ${path} of the seq2seq bundle, but ${why}.`);
    }
  }

  async has(name: string): Promise<boolean> {
    recoverDirAtomic(this.location);
    return existsSync(join(this.location, name));
  }

  async writeAll(files: ReadonlyMap<string, Uint8Array>): Promise<void> {
    await writeDirAtomic(this.location, (tmp) => {
      for (const [name, bytes] of files) writeFileSync(join(tmp, name), bytes);
    });
  }
}
