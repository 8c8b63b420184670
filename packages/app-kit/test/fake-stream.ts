import type { TextStream } from '../src/cli/logger.js';

/** A TextStream that records what was written, for asserting CLI output. */
export class FakeStream implements TextStream {
  text = '';
  isTTY = false;
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}
