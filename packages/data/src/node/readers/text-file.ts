import { readFile } from 'node:fs/promises';
import { checkKnownOptions, FileFormatError } from '@rnn/core';
import { requireFile } from './read-lines.js';

/** Options of {@link readTextFile}. */
export interface ReadTextFileArgs {
  /**
   * Remove the Project Gutenberg licence header and footer: keep only the lines strictly between the
   * `*** START OF …` and `*** END OF …` marker lines, without the blank lines around them.
   * Default: `false`.
   */
  stripGutenberg?: boolean;
}

/**
 * Defaults of {@link ReadTextFileArgs}.
 *
 * @example
 * ```ts
 * READ_TEXT_FILE_DEFAULTS.stripGutenberg; // false
 * ```
 */
export const READ_TEXT_FILE_DEFAULTS = { stripGutenberg: false } as const;

/**
 * Normalise line endings (CRLF and lone CR → LF) and drop a leading byte-order mark.
 *
 * @example
 * ```ts
 * normalizeNewlines('\uFEFFa\r\nb\rc'); // 'a\nb\nc'
 * ```
 */
export function normalizeNewlines(text: string): string {
  const noBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return noBom.replace(/\r\n?/g, '\n');
}

/**
 * Keep the body of a Project Gutenberg text: the lines strictly between the line starting (after
 * optional indentation) with `*** START OF` and the one starting with `*** END OF`, with leading and
 * trailing blank (whitespace-only) lines removed. Expects LF line endings (see {@link normalizeNewlines}).
 *
 * @param text - the whole book, LF line endings.
 * @param where - names the text in error messages. Default: `'text'`.
 * @throws FileFormatError when either marker is missing or END comes before START.
 * @example
 * ```ts
 * stripGutenberg('header\n*** START OF X ***\n\nBody.\n\n*** END OF X ***\nlicence'); // 'Body.'
 * ```
 */
export function stripGutenberg(text: string, where = 'text'): string {
  const lines = text.split('\n');
  const isMarker = (line: string, kind: 'START' | 'END'): boolean => line.trimStart().startsWith(`*** ${kind} OF`);
  const start = lines.findIndex((l) => isMarker(l, 'START'));
  if (start === -1) {
    throw new FileFormatError(`Expected ${where} to contain a Project Gutenberg "*** START OF" line, but none was found.`);
  }
  let end = -1;
  for (let i = start + 1; i < lines.length; i++) {
    if (isMarker(lines[i] as string, 'END')) {
      end = i;
      break;
    }
  }
  if (end === -1) {
    throw new FileFormatError(
      `Expected ${where} to contain a Project Gutenberg "*** END OF" line after the START line (line ${start + 1}), but none was found.`,
    );
  }
  let a = start + 1;
  let b = end;
  while (a < b && (lines[a] as string).trim() === '') a++;
  while (b > a && (lines[b - 1] as string).trim() === '') b--;
  return lines.slice(a, b).join('\n');
}

/**
 * Read a UTF-8 text file with its BOM dropped and line endings normalised to LF, optionally with the
 * Project Gutenberg header and footer removed.
 *
 * @param path - the file.
 * @param args - see {@link ReadTextFileArgs}.
 * @returns the text (no trailing newline when stripped; otherwise as in the file).
 * @throws FileFormatError when the file is missing, or `stripGutenberg` is on and a marker is missing.
 * @example
 * ```ts
 * const alice = await readTextFile(dataFile('alice'), { stripGutenberg: true });
 * alice.split('\n')[0]; // 'Produced by Jana Srna, Emmy and the Online Distributed'
 * ```
 */
export async function readTextFile(path: string, args: ReadTextFileArgs = {}): Promise<string> {
  checkKnownOptions('readTextFile options', args, ['stripGutenberg']);
  const strip = args.stripGutenberg ?? READ_TEXT_FILE_DEFAULTS.stripGutenberg;
  requireFile(path, 'text file');
  const text = normalizeNewlines(await readFile(path, 'utf8'));
  return strip ? stripGutenberg(text, path) : text;
}
