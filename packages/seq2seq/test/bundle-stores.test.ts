import 'fake-indexeddb/auto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileFormatError, NotImplementedError, setupBackend } from '@rnn/core/node';
import * as tf from '@tensorflow/tfjs';
import {
  BUNDLE_FILES,
  FolderBundleStore,
  greedy,
  HttpBundleStore,
  IndexedDbBundleStore,
  loadSeq2Seq,
  resolveBundleStore,
  Seq2Seq,
  saveSeq2Seq,
  type VocabularyLike,
} from '../src/node/index.js';

class FakeVocab implements VocabularyLike {
  constructor(readonly words: string[]) {}
  get size() {
    return this.words.length;
  }
  toJSON() {
    return { words: this.words };
  }
  static fromJSON(j: unknown) {
    return new FakeVocab((j as { words: string[] }).words);
  }
}
const vocabulary = (n: number) => new FakeVocab(Array.from({ length: n }, (_, i) => `w${i}`));
const opts = { vocabularyFromJSON: FakeVocab.fromJSON };
const cfg = { sourceVocabSize: 10, targetVocabSize: 12, units: 8, embeddingDim: 6, attention: 'bahdanau' as const, seed: 3 };
const SOURCES = [
  [4, 5, 6, 2],
  [7, 3, 2],
];

/** A model whose weights differ from any fresh initialisation, and its greedy output. */
function perturbedModel(shift: number): Seq2Seq {
  const m = new Seq2Seq(cfg);
  m.setWeights(tf.tidy(() => m.getWeights().map((w) => tf.add(w, shift))));
  return m;
}
const decode = (m: Seq2Seq) => greedy(m, SOURCES, { maxLength: 6 });

let root: string;
let bundleDir: string;
let server: Server;
let base: string;
let reference: Seq2Seq;

beforeAll(async () => {
  await setupBackend({ backend: 'cpu' });
  root = mkdtempSync(join(tmpdir(), 's2s-stores-'));
  bundleDir = join(root, 'bundle');
  reference = perturbedModel(0.01);
  await saveSeq2Seq(bundleDir, reference, { sourceVocab: vocabulary(10), targetVocab: vocabulary(12) });
  // A static file server for the saved folder, as a page's web server would be, plus broken variants.
  const files = new Map<string, Buffer>();
  for (const name of [BUNDLE_FILES.manifest, BUNDLE_FILES.weights, BUNDLE_FILES.sourceVocab, BUNDLE_FILES.targetVocab]) {
    const bytes = readFileSync(join(bundleDir, name));
    files.set(`/models/ok/${name}`, bytes);
    files.set(`/models/corrupt-json/${name}`, name === BUNDLE_FILES.manifest ? Buffer.from('{"format": "rnn-seq2seq-bun') : bytes);
    files.set(`/models/short-weights/${name}`, name === BUNDLE_FILES.weights ? bytes.subarray(0, 40) : bytes);
    if (name !== BUNDLE_FILES.targetVocab) files.set(`/models/no-vocab/${name}`, bytes);
  }
  server = createServer((req, res) => {
    const body = files.get(req.url ?? '');
    if (!body) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  reference.dispose();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(root, { recursive: true, force: true });
});

describe('HttpBundleStore (a bundle folder served as static files)', () => {
  it('loads the bundle Node saved and decodes exactly as the original model', async () => {
    const tensorsBefore = tf.memory().numTensors;
    const loaded = await loadSeq2Seq(`${base}/models/ok`, opts); // no trailing slash: added
    expect(loaded.sourceVocab?.size).toBe(10);
    expect(loaded.targetVocab?.words[11]).toBe('w11');
    expect(decode(loaded.model)).toEqual(decode(reference));
    loaded.model.dispose();
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it('is chosen for http(s) URLs and answers has() from the server', async () => {
    const store = resolveBundleStore(`${base}/models/ok/`);
    expect(store).toBeInstanceOf(HttpBundleStore);
    expect(store.location).toBe(`${base}/models/ok/`);
    await expect(store.has(BUNDLE_FILES.manifest)).resolves.toBe(true);
    await expect(store.has('training-state.json')).resolves.toBe(false);
  });

  it('names the URL and the 404 when a file is missing', async () => {
    await expect(loadSeq2Seq(`${base}/models/nothing-here/`, opts)).rejects.toThrow(FileFormatError);
    await expect(loadSeq2Seq(`${base}/models/nothing-here/`, opts)).rejects.toThrow(
      new RegExp(`Expected ${base}/models/nothing-here/bundle\\.json .*but the server answered 404 Not Found`),
    );
    await expect(loadSeq2Seq(`${base}/models/no-vocab/`, opts)).rejects.toThrow(/models\/no-vocab\/target-vocab\.json .*404/);
  });

  it('names the URL when a file is corrupt (bad JSON, truncated weights)', async () => {
    await expect(loadSeq2Seq(`${base}/models/corrupt-json/`, opts)).rejects.toThrow(
      new RegExp(`seq2seq bundle manifest at ${base}/models/corrupt-json/bundle\\.json to be JSON, but parsing failed`),
    );
    await expect(loadSeq2Seq(`${base}/models/short-weights/`, opts)).rejects.toThrow(
      new RegExp(`Expected ${base}/models/short-weights/weights\\.safetensors to be a safetensors file, but .* the file has only 40 bytes`),
    );
  });

  it('names the URL on a network error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(loadSeq2Seq(`http://127.0.0.1:${port}/m/`, opts)).rejects.toThrow(
      new RegExp(`Could not fetch http://127\\.0\\.0\\.1:${port}/m/bundle\\.json .*network error`),
    );
  });

  it('retries a request once after a network error (a stale kept-alive connection), not more', async () => {
    const calls: string[] = [];
    let failures = 1;
    const flaky = async (url: string, init?: { method?: string }) => {
      calls.push(`${init?.method} ${url}`);
      if (failures-- > 0) throw new TypeError('fetch failed', { cause: { code: 'UND_ERR_SOCKET' } });
      return fetch(url, init);
    };
    const store = new HttpBundleStore(`${base}/models/ok/`, flaky);
    expect(new TextDecoder().decode(await store.read(BUNDLE_FILES.manifest))).toMatch(/"format"/);
    expect(calls).toEqual([`GET ${base}/models/ok/bundle.json`, `GET ${base}/models/ok/bundle.json`]);
    failures = 5;
    await expect(store.read(BUNDLE_FILES.manifest)).rejects.toThrow(/network error: fetch failed \(UND_ERR_SOCKET\)/);
    expect(calls).toHaveLength(4);
  });

  it('is read-only', async () => {
    const m = new Seq2Seq(cfg);
    await expect(saveSeq2Seq(`${base}/models/ok/`, m)).rejects.toThrow(NotImplementedError);
    await expect(saveSeq2Seq(`${base}/models/ok/`, m)).rejects.toThrow(/models\/ok\/ is an http\(s\) URL \(read-only\)/);
    m.dispose();
  });
});

describe('IndexedDbBundleStore (indexeddb://name; fake-indexeddb under Node)', () => {
  it('saves and loads back a bundle with the same outputs, vocabularies and training state', async () => {
    const slot = tf.tensor2d([
      [1.5, -2],
      [0.25, 3],
    ]);
    await saveSeq2Seq('indexeddb://round-trip', reference, {
      sourceVocab: vocabulary(10),
      targetVocab: vocabulary(12),
      trainingState: { state: { step: 7 }, tensors: [{ name: 'm', tensor: slot }] },
    });
    slot.dispose();
    const tensorsBefore = tf.memory().numTensors;
    const loaded = await loadSeq2Seq('indexeddb://round-trip', opts);
    expect(decode(loaded.model)).toEqual(decode(reference));
    expect(loaded.targetVocab?.size).toBe(12);
    expect(loaded.trainingState?.state).toEqual({ step: 7 });
    expect(loaded.trainingState?.tensors.map((t) => [t.name, t.tensor.arraySync()])).toEqual([
      [
        'm',
        [
          [1.5, -2],
          [0.25, 3],
        ],
      ],
    ]);
    loaded.model.dispose();
    tf.dispose(loaded.trainingState?.tensors.map((t) => t.tensor));
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it('replaces the whole bundle on save: no file of the previous one survives', async () => {
    const store = new IndexedDbBundleStore('indexeddb://replace');
    await saveSeq2Seq(store, reference, { trainingState: { state: {}, tensors: [] }, sourceVocab: vocabulary(10) });
    expect(await store.has(BUNDLE_FILES.trainingState)).toBe(true);
    const other = perturbedModel(-0.02);
    await saveSeq2Seq('indexeddb://replace', other);
    expect(await store.has(BUNDLE_FILES.trainingState)).toBe(false);
    expect(await store.has(BUNDLE_FILES.sourceVocab)).toBe(false);
    const loaded = await loadSeq2Seq(store, opts);
    expect(decode(loaded.model)).toEqual(decode(other));
    expect(loaded.sourceVocab).toBeNull();
    loaded.model.dispose();
    other.dispose();
  });

  it('is atomic: a save that fails part-way leaves the previous bundle complete', async () => {
    await saveSeq2Seq('indexeddb://atomic', reference, { sourceVocab: vocabulary(10), targetVocab: vocabulary(12) });
    const store = new IndexedDbBundleStore('indexeddb://atomic');
    const files = new Map<string, Uint8Array>([
      [BUNDLE_FILES.manifest, new TextEncoder().encode('{}')],
      ['broken.bin', {} as Uint8Array], // fails inside the transaction, after the delete and the first put
    ]);
    await expect(store.writeAll(files)).rejects.toThrow();
    const loaded = await loadSeq2Seq(store, opts);
    expect(decode(loaded.model)).toEqual(decode(reference));
    loaded.model.dispose();
  });

  it('names the bundle and the file when it is missing, and rejects a name-less location', async () => {
    await expect(loadSeq2Seq('indexeddb://never-saved', opts)).rejects.toThrow(
      /file bundle\.json in the IndexedDB bundle indexeddb:\/\/never-saved, but it does not exist/,
    );
    expect(() => new IndexedDbBundleStore('indexeddb://')).toThrow(/'indexeddb:\/\/' followed by a bundle name.*"indexeddb:\/\/"/);
  });
});

describe('FolderBundleStore and the location resolver', () => {
  it('maps folder paths to FolderBundleStore once @rnn/seq2seq/node is imported, and rejects other schemes', async () => {
    expect(resolveBundleStore(bundleDir)).toBeInstanceOf(FolderBundleStore);
    expect(resolveBundleStore('indexeddb://x')).toBeInstanceOf(IndexedDbBundleStore);
    expect(() => resolveBundleStore('ftp://example.org/m/')).toThrow(/http\(s\):\/\/ or indexeddb:\/\/ URL.*"ftp:\/\/example\.org\/m\/"/);
    const store = new FolderBundleStore(join(root, 'copy'));
    await store.writeAll(new Map([['a.txt', new TextEncoder().encode('hi')]]));
    expect(new TextDecoder().decode(await store.read('a.txt'))).toBe('hi');
    await expect(store.read('b.txt')).rejects.toThrow(/file .*copy\/b\.txt of the seq2seq bundle, but it does not exist/);
  });

  it('copies a bundle from a URL to a folder byte for byte', async () => {
    const loaded = await loadSeq2Seq(`${base}/models/ok/`, opts);
    const dir = join(root, 'from-http');
    await saveSeq2Seq(dir, loaded.model, { sourceVocab: loaded.sourceVocab ?? undefined, targetVocab: loaded.targetVocab ?? undefined });
    loaded.model.dispose();
    expect(readFileSync(join(dir, BUNDLE_FILES.weights))).toEqual(readFileSync(join(bundleDir, BUNDLE_FILES.weights)));
  });
});
