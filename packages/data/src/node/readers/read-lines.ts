import { createReadStream, existsSync, statSync } from 'node:fs';
import { FileFormatError } from '@rnn/core';

/** One line of a text file, without its line ending, with its 1-based line number. */
export interface NumberedLine {
  /** The line's text, without `\n` (and without a trailing `\r`). */
  text: string;
  /** 1-based line number, as editors and `sed -n` count. */
  lineNumber: number;
}

/**
 * Throw a `FileFormatError` naming `what` and `path` unless `path` is an existing file.
 * Internal to the readers.
 */
export function requireFile(path: string, what: string): void {
  if (typeof path !== 'string' || path.length === 0) {
    throw new FileFormatError(`Expected \`path\` of the ${what} to be a non-empty string, but got ${JSON.stringify(path)}.`);
  }
  if (!existsSync(path)) {
    throw new FileFormatError(`Expected the ${what} at ${path}, but the file does not exist.`);
  }
  if (!statSync(path).isFile()) {
    throw new FileFormatError(`Expected the ${what} at ${path} to be a file, but it is a directory.`);
  }
}

/**
 * Stream a UTF-8 file line by line, splitting on `\n` only (a trailing `\r` is removed, a leading
 * BOM is dropped). Unlike `readline`, a lone `\r`, U+0085 or U+2028 inside a line does not split it:
 * the UCI imdb file has U+0085 inside two sentences. Stops reading as soon as the consumer stops.
 * Internal to the readers.
 */
export async function* readLines(path: string): AsyncGenerator<NumberedLine> {
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 16 });
  let rest = '';
  let lineNumber = 0;
  let first = true;
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      let buf = rest + chunk;
      if (first) {
        if (buf.charCodeAt(0) === 0xfeff) buf = buf.slice(1);
        first = false;
      }
      let start = 0;
      let nl = buf.indexOf('\n', start);
      while (nl !== -1) {
        let end = nl;
        if (end > start && buf.charCodeAt(end - 1) === 13) end -= 1;
        lineNumber += 1;
        yield { text: buf.slice(start, end), lineNumber };
        start = nl + 1;
        nl = buf.indexOf('\n', start);
      }
      rest = buf.slice(start);
    }
    if (rest.length > 0) {
      lineNumber += 1;
      yield { text: rest.endsWith('\r') ? rest.slice(0, -1) : rest, lineNumber };
    }
  } finally {
    stream.destroy();
  }
}
