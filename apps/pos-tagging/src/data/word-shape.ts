/**
 * The OOV classes of the `shape` OOV mode: an unknown word is fed as the token of its shape rather
 * than as one plain `<unk>`, so the tagger sees at least what a human would from the spelling alone.
 * Checked in this order; the first that matches wins.
 *
 * | token | when |
 * | --- | --- |
 * | `<unk-trace>` | starts with `*` (Penn Treebank traces: `*T*-12`, `*-105`, `*ICH*-3`) |
 * | `<unk-num>` | contains a digit (`9.8`, `1\/2`, `1950s`) |
 * | `<unk-cap>` | first letter upper-case (`Hollingsworth`, `N.V.`) |
 * | `<unk-hyphen>` | contains `-` (`asbestos-related`) |
 * | `<unk-ing>`, `<unk-ed>`, `<unk-ly>`, `<unk-s>` | lower-case with that ending |
 * | `<unk-noun>` | ends in `ion`, `ment`, `ness`, `ity`, `er`, `ism`, `ist` |
 * | `<unk-adj>` | ends in `able`, `ible`, `al`, `ive`, `ous`, `ic`, `ful`, `less`, `est` |
 * | `<unk-lower>` | any other word with a lower-case letter |
 * | `<unk-other>` | everything else (symbols) |
 *
 * @example
 * ```ts
 * WORD_SHAPES.length; // 12
 * ```
 */
export const WORD_SHAPES = [
  '<unk-trace>',
  '<unk-num>',
  '<unk-cap>',
  '<unk-hyphen>',
  '<unk-ing>',
  '<unk-ed>',
  '<unk-ly>',
  '<unk-s>',
  '<unk-noun>',
  '<unk-adj>',
  '<unk-lower>',
  '<unk-other>',
] as const;

/**
 * One of {@link WORD_SHAPES}.
 *
 * @example
 * ```ts
 * const s: WordShape = wordShape('1950s'); // '<unk-num>'
 * ```
 */
export type WordShape = (typeof WORD_SHAPES)[number];

const NOUN_ENDINGS = /(ion|ment|ness|ity|er|ism|ist)$/;
const ADJ_ENDINGS = /(able|ible|al|ive|ous|ic|ful|less|est)$/;

/**
 * The OOV class of a word (see {@link WORD_SHAPES}).
 *
 * @example
 * ```ts
 * wordShape('*T*-12');        // '<unk-trace>'
 * wordShape('Hollingsworth'); // '<unk-cap>'
 * wordShape('stringently');   // '<unk-ly>'
 * ```
 */
export function wordShape(word: string): WordShape {
  if (word.startsWith('*')) return '<unk-trace>';
  if (/\d/.test(word)) return '<unk-num>';
  if (/^[^a-zA-Z]*[A-Z]/.test(word)) return '<unk-cap>';
  if (word.includes('-')) return '<unk-hyphen>';
  if (!/[a-z]/.test(word)) return '<unk-other>';
  if (word.endsWith('ing')) return '<unk-ing>';
  if (word.endsWith('ed')) return '<unk-ed>';
  if (word.endsWith('ly')) return '<unk-ly>';
  if (word.endsWith('s') && !word.endsWith('ss')) return '<unk-s>';
  if (NOUN_ENDINGS.test(word)) return '<unk-noun>';
  if (ADJ_ENDINGS.test(word)) return '<unk-adj>';
  return '<unk-lower>';
}
