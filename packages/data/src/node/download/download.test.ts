import { createReadStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, normalize } from 'node:path';
import { FileFormatError, NotImplementedError } from '@rnn/core';
import { dataRoot, describeWithData } from '../../../test/real-data.js';
import { DATASET_NAMES, DATASETS } from '../../download/registry.js';
import { download, sha256Hex } from './download.js';

describe('registry', () => {
  it('pins every downloadable file to a commit-pinned raw URL with a sha256', () => {
    for (const name of DATASET_NAMES) {
      for (const f of DATASETS[name].files) {
        expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
        if (f.url !== null) expect(f.url).toMatch(/^https:\/\/raw\.githubusercontent\.com\/[^/]+\/[^/]+\/[0-9a-f]{40}\//);
      }
    }
    expect(DATASETS.treebank.files[0]?.url).toBeNull();
  });

  it('hashes bytes as sha256 hex', () => {
    expect(sha256Hex(Buffer.from('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describeWithData('download from a loopback server serving shared/data', () => {
  let server: Server;
  let base: string;
  let cache: string;
  const requests: string[] = [];

  beforeAll(async () => {
    const root = dataRoot();
    // /good/<path> serves the file; /bad/<path> serves it with one byte changed; anything else 404.
    server = createServer((req, res) => {
      const url = req.url ?? '/';
      requests.push(url);
      const m = /^\/(good|bad)\/(.+)$/.exec(url);
      const rel = m ? normalize(decodeURIComponent(m[2] as string)) : '';
      const file = join(root, rel);
      if (!m || rel.startsWith('..') || !existsSync(file) || !statSync(file).isFile()) {
        res.writeHead(404).end('not found');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      if (m[1] === 'good') createReadStream(file).pipe(res);
      else {
        const bytes = readFileSync(file);
        bytes[10] = (bytes[10] as number) ^ 1;
        res.end(bytes);
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  beforeEach(() => {
    cache = mkdtempSync(join(tmpdir(), 'rnn-data-dl-'));
    requests.length = 0;
  });
  afterEach(() => rmSync(cache, { recursive: true, force: true }));

  it('downloads, verifies and caches a corpus laid out like the data root', async () => {
    const events: string[] = [];
    const p = await download('sentiment', { cacheDir: cache, baseUrl: `${base}/good/`, onFile: (e) => events.push(`${e.status}:${e.path}`) });
    expect(p).toBe(join(cache, 'sentiment'));
    expect(readdirSync(p).sort()).toEqual(['amazon_cells_labelled.txt', 'imdb_labelled.txt', 'readme.txt', 'yelp_labelled.txt']);
    expect(sha256Hex(readFileSync(join(p, 'imdb_labelled.txt')))).toBe('aef2e49e3da25714d61175e3a6e68eeef74a20a2f914318dc3be9947ea86512d');
    expect(requests).toEqual(DATASETS.sentiment.files.map((f) => `/good/${f.path}`));
    expect(events[0]).toBe('downloaded:sentiment/amazon_cells_labelled.txt');
    // Second call: everything is already there with the right checksum, so nothing is fetched.
    requests.length = 0;
    await download('sentiment', { cacheDir: cache, baseUrl: `${base}/good` });
    expect(requests).toEqual([]);
  });

  it('downloads the 11.7 MB fra.txt byte for byte', async () => {
    const p = await download('fra', { cacheDir: cache, baseUrl: `${base}/good` });
    expect(statSync(p).size).toBe(11_669_748);
    expect(sha256Hex(readFileSync(p))).toBe(DATASETS.fra.files[0]?.sha256);
  });

  it('refuses a file whose checksum does not match and leaves no file behind', async () => {
    await expect(download('alice', { cacheDir: cache, baseUrl: `${base}/bad` })).rejects.toThrow(
      /sha256 3fa6c7b8.*\(177660 bytes\), but got [0-9a-f]{64} \(177660 bytes\); nothing was written/,
    );
    // Nothing at all was written: no file, no temp file, not even the folder.
    expect(readdirSync(cache, { recursive: true })).toEqual([]);
  });

  it('replaces a corrupted cached file, and removes it when the new download is bad too', async () => {
    const dest = join(cache, 'text', 'through-the-looking-glass.txt');
    await download('looking-glass', { cacheDir: cache, baseUrl: `${base}/good` });
    writeFileSync(dest, 'truncated');
    await expect(download('looking-glass', { cacheDir: cache, baseUrl: `${base}/bad` })).rejects.toThrow(FileFormatError);
    expect(existsSync(dest)).toBe(false);
    await download('looking-glass', { cacheDir: cache, baseUrl: `${base}/good` });
    expect(sha256Hex(readFileSync(dest))).toBe(DATASETS['looking-glass'].files[0]?.sha256);
  });

  it('reports HTTP errors, and explains why treebank cannot be downloaded', async () => {
    await expect(download('alice', { cacheDir: cache, baseUrl: `${base}/nowhere` })).rejects.toThrow(
      /Expected http:\/\/127\.0\.0\.1:\d+\/nowhere\/text\/alice-in-wonderland\.txt to serve .*HTTP 404/,
    );
    await expect(download('treebank', { cacheDir: cache })).rejects.toThrow(NotImplementedError);
    await expect(download('treebank', { cacheDir: cache })).rejects.toThrow(/treebank\.zip/);
    await expect(download('alice', { cacheDir: '' })).rejects.toThrow(/`cacheDir` to be a non-empty folder path/);
  });

  it('uses an injected fetch and the upstream URL when no baseUrl is given', async () => {
    const seen: string[] = [];
    const bytes = readFileSync(join(dataRoot(), 'text', 'alice-in-wonderland.txt'));
    const fetch = async (url: string) => {
      seen.push(url);
      return { ok: true, status: 200, arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) };
    };
    await download('alice', { cacheDir: cache, fetch });
    expect(seen).toEqual([DATASETS.alice.files[0]?.url]);
  });
});
