// Python's str.split() whitespace: \s plus the separators U+001C–U+001F (built from a string so the
// regex literal holds no control characters).
const PY_WHITESPACE = new RegExp(`[\\s${String.fromCharCode(0x1c)}-${String.fromCharCode(0x1f)}]+`);

/**
 * The `13a` tokenizer of sacreBLEU (the tokenization of `mteval-v13a.pl`, WMT's official scorer),
 * re-implemented from its documented behaviour:
 *
 * 1. drop `<skipped>`, join `-\n` line breaks, turn newlines into spaces;
 * 2. unescape `&quot; &amp; &lt; &gt;`;
 * 3. surround punctuation and symbols `{|}~ [\]^_\` space !"#$%& (')*+ :;<=>?@ /` with spaces;
 * 4. split `.` and `,` off unless they sit between digits (`3.14`, `1,000` stay whole);
 * 5. split a `-` that follows a digit;
 * 6. collapse whitespace.
 *
 * @param line - one raw sentence.
 * @returns the tokens joined by single spaces (sacreBLEU's tokenizers return a string).
 *
 * @example
 * ```ts
 * tokenize13a('Hello, world! It costs $3.50 (approx.).');
 * // 'Hello , world ! It costs $ 3.50 ( approx . ) .'
 * ```
 */
export function tokenize13a(line: string): string {
  let s = line.replaceAll('<skipped>', '').replaceAll('-\n', '').replaceAll('\n', ' ');
  if (s.includes('&')) {
    s = s.replaceAll('&quot;', '"').replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>');
  }
  s = ` ${s} `;
  s = s.replace(/([{-~[-` -&(-+:-@/])/g, ' $1 ');
  s = s.replace(/([^0-9])([.,])/g, '$1 $2 ');
  s = s.replace(/([.,])([^0-9])/g, ' $1 $2');
  s = s.replace(/([0-9])(-)/g, '$1 $2 ');
  return s
    .split(PY_WHITESPACE)
    .filter((t) => t.length > 0)
    .join(' ');
}
