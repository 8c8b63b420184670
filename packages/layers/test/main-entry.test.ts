import { setupBackend, ValueError } from '@rnn/core';
// The main entry only (jest gives each test file its own modules): @rnn/layers/node is never imported
// here, as in a browser bundle.
import { loadKerasModel } from '../src/index.js';

beforeAll(async () => {
  await setupBackend({ backend: 'cpu' });
});

describe('loadKerasModel from the main entry', () => {
  it('rejects a folder path with an error naming @rnn/layers/node', async () => {
    await expect(loadKerasModel('web_model')).rejects.toThrow(ValueError);
    await expect(loadKerasModel('web_model')).rejects.toThrow(/folder path "web_model": folders are read in Node through @rnn\/layers\/node/);
  });

  it('hands URLs to tfjs IO routing and names the URL when no handler takes it', async () => {
    await expect(loadKerasModel('ftp://example.org/model.json')).rejects.toThrow(/URL tfjs can load .*"ftp:\/\/example\.org\/model\.json"/);
  });
});
