import { FileFormatError, NotImplementedError } from '@rnn/core';
import type { BundleStore } from './bundle-store.js';

/** The `fetch` this store calls: the global one by default. */
export type FetchFunction = (url: string, init?: { method?: string }) => Promise<Response>;

/**
 * A bundle folder served as static files over http(s), read with `fetch` (read-only): point it at the
 * folder `saveSeq2Seq` wrote, copied to a web server (`https://example.org/models/fr-en/`).
 * Errors name the file's URL and what went wrong (network error, HTTP status).
 *
 * @example
 * ```ts
 * import { HttpBundleStore, Translator } from '@rnn/seq2seq';
 * const translator = await Translator.load(new HttpBundleStore('/models/fr-en/')); // or just the URL string
 * ```
 */
export class HttpBundleStore implements BundleStore {
  /** The folder URL, ending in `/`. */
  readonly location: string;
  private readonly fetchFn: FetchFunction;

  /**
   * @param url - the bundle folder's URL (`http://`, `https://`, or a path relative to the page in a browser).
   * @param fetchFn - the `fetch` to call. Default: `globalThis.fetch`.
   */
  constructor(url: string, fetchFn?: FetchFunction) {
    this.location = url.endsWith('/') ? url : `${url}/`;
    this.fetchFn = fetchFn ?? ((u, init) => globalThis.fetch(u, init));
  }

  private urlOf(name: string): string {
    return `${this.location}${name.split('/').map(encodeURIComponent).join('/')}`;
  }

  private async get(name: string, method: 'GET' | 'HEAD'): Promise<Response> {
    const url = this.urlOf(name);
    // One retry: both requests are idempotent, and a kept-alive connection the server has just closed
    // fails the first attempt (Node's fetch does not retry that itself).
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.fetchFn(url, { method });
      } catch (err) {
        if (attempt < 2) continue;
        const cause = (err as { cause?: { message?: string; code?: string } }).cause;
        const detail = cause ? ` (${cause.code ?? cause.message})` : '';
        throw new FileFormatError(
          `Could not fetch ${url} (file ${name} of the seq2seq bundle at ${this.location}): network error: ${(err as Error).message}${detail}.`,
        );
      }
    }
  }

  async read(name: string): Promise<Uint8Array> {
    const res = await this.get(name, 'GET');
    if (!res.ok) {
      throw new FileFormatError(
        `Expected ${res.url || this.urlOf(name)} (file ${name} of the seq2seq bundle at ${this.location}), but the server answered ${res.status} ${res.statusText}.`.replace(
          ' .',
          '.',
        ),
      );
    }
    try {
      return new Uint8Array(await res.arrayBuffer());
    } catch (err) {
      throw new FileFormatError(`Could not read the body of ${this.urlOf(name)}: network error: ${(err as Error).message}.`);
    }
  }

  async has(name: string): Promise<boolean> {
    let res = await this.get(name, 'HEAD');
    if (res.status === 405 || res.status === 501) res = await this.get(name, 'GET');
    return res.ok;
  }

  async writeAll(): Promise<void> {
    throw new NotImplementedError(
      `Expected a writable bundle location, but ${this.location} is an http(s) URL (read-only): save to a folder (Node) or to indexeddb://name.`,
    );
  }
}
