import { describeValue, FileFormatError } from '@rnn/core';

/**
 * Encode a string the way Python's `json.dumps` does with its default `ensure_ascii=True`:
 * everything outside printable ASCII becomes `\uXXXX` (lower-case hex, UTF-16 code units), so the
 * strings we write are byte-identical to Keras' `tokenizer.to_json()`.
 */
export function pyJsonString(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    const ch = value[i]!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** A JSON scalar as Python's `json.dumps` writes it (separators `', '` and `': '`). */
function pyJsonScalar(value: string | number | boolean | null): string {
  if (typeof value === 'string') return pyJsonString(value);
  if (value === null) return 'null';
  return String(value);
}

/** `json.dumps` of an insertion-ordered dict whose keys are strings or ints. */
export function pyJsonDict(entries: Iterable<readonly [string | number, string | number]>): string {
  const parts: string[] = [];
  for (const [k, v] of entries) parts.push(`${pyJsonString(String(k))}: ${pyJsonScalar(v)}`);
  return `{${parts.join(', ')}}`;
}

/** `json.dumps` of a flat object of scalars, in the given key order. */
export function pyJsonObject(entries: ReadonlyArray<readonly [string, string | number | boolean | null]>): string {
  return `{${entries.map(([k, v]) => `${pyJsonString(k)}: ${pyJsonScalar(v)}`).join(', ')}}`;
}

const WS = /\s*/y;
const STRING = /"(?:[^"\\]|\\.)*"/y;
const SCALAR = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|null|true|false/y;

/**
 * Parse a flat JSON object (`{"key": scalar, ...}`) into ordered `[key, value]` pairs. `JSON.parse`
 * cannot be used here: JavaScript objects put integer-like keys ("123") first, which would change
 * Keras' first-appearance and rank orders.
 *
 * @param field - the config field name, for error messages.
 */
export function parseOrderedDict(field: string, text: unknown): Array<[string, unknown]> {
  if (typeof text !== 'string') {
    throw new FileFormatError(`Expected \`config.${field}\` to be a JSON-encoded object string, but got ${describeValue(text)}.`);
  }
  const fail = (at: number): never => {
    throw new FileFormatError(
      `Expected \`config.${field}\` to be a flat JSON object, but could not parse it at offset ${at}: ${describeValue(text.slice(at, at + 20))}.`,
    );
  };
  let pos = 0;
  const skip = () => {
    WS.lastIndex = pos;
    WS.exec(text);
    pos = WS.lastIndex;
  };
  const token = (re: RegExp): string => {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) return fail(pos);
    pos = re.lastIndex;
    return m[0];
  };
  const out: Array<[string, unknown]> = [];
  skip();
  if (text[pos] !== '{') fail(pos);
  pos++;
  skip();
  if (text[pos] === '}') {
    pos++;
  } else {
    for (;;) {
      skip();
      const key = JSON.parse(token(STRING)) as string;
      skip();
      if (text[pos] !== ':') fail(pos);
      pos++;
      skip();
      const value: unknown = JSON.parse(text[pos] === '"' ? token(STRING) : token(SCALAR));
      out.push([key, value]);
      skip();
      if (text[pos] === ',') {
        pos++;
        continue;
      }
      if (text[pos] === '}') {
        pos++;
        break;
      }
      fail(pos);
    }
  }
  skip();
  if (pos !== text.length) fail(pos);
  return out;
}
