import { checkKnownOptions } from '@rnn/core';

/** Options of {@link normalizeForTranslation}. */
export interface NormalizeForTranslationArgs {
  /** Lower-case the result, as the classic tutorial does. Default: `true`. */
  lower?: boolean;
  /**
   * Keep apostrophes inside words (`l'homme`, `j'ai`, `don't`; `’` is mapped to `'`). The classic
   * tutorial drops them, giving `l homme`, `j ai`, `don t`. Default: `false` (classic).
   */
  keepApostrophes?: boolean;
}

/**
 * Defaults of {@link NormalizeForTranslationArgs}.
 *
 * @example
 * ```ts
 * NORMALIZE_FOR_TRANSLATION_DEFAULTS; // { lower: true, keepApostrophes: false }
 * ```
 */
export const NORMALIZE_FOR_TRANSLATION_DEFAULTS = { lower: true, keepApostrophes: false } as const;

const LIGATURES: Readonly<Record<string, string>> = { œ: 'oe', Œ: 'OE', æ: 'ae', Æ: 'AE', ß: 'ss' };

/**
 * Normalise a sentence for a word-level translation model, as in the classic Keras / TensorFlow
 * seq2seq tutorial (`preprocess_sentence`): Unicode NFD with combining marks removed (`é` → `e`),
 * the punctuation `? . ! , ¿` spaced out as separate tokens, every other character that is not an
 * ASCII letter turned into a space (digits, quotes, hyphens, apostrophes — see `keepApostrophes`),
 * spaces collapsed and trimmed, and optionally lower-cased. `<bos>`/`<eos>` are added by the seq2seq
 * side, not here.
 *
 * @remarks One deviation from the tutorial: the ligatures `œ æ ß` (which NFD does not decompose) are
 * spelt out as `oe ae ss`, so `cœur` becomes `coeur` rather than the tutorial's `c ur`.
 *
 * @param text - one sentence.
 * @param args - see {@link NormalizeForTranslationArgs}.
 * @example
 * ```ts
 * normalizeForTranslation('Où est l’homme ?');          // 'ou est l homme ?'
 * normalizeForTranslation("J'ai faim!", { keepApostrophes: true }); // "j'ai faim !"
 * normalizeForTranslation('¿Qué?', { lower: false });   // '¿ Que ?'
 * ```
 */
export function normalizeForTranslation(text: string, args: NormalizeForTranslationArgs = {}): string {
  checkKnownOptions('normalizeForTranslation options', args, ['lower', 'keepApostrophes']);
  const lower = args.lower ?? NORMALIZE_FOR_TRANSLATION_DEFAULTS.lower;
  const keepApostrophes = args.keepApostrophes ?? NORMALIZE_FOR_TRANSLATION_DEFAULTS.keepApostrophes;
  let s = text.normalize('NFD').replace(/\p{Mn}/gu, '');
  s = s.replace(/[œŒæÆß]/g, (c) => LIGATURES[c] ?? c);
  if (lower) s = s.toLowerCase();
  s = s.replace(/([?.!,¿])/g, ' $1 ');
  if (keepApostrophes) {
    s = s.replace(/[’‘`]/g, "'");
    // An apostrophe survives only between two letters; elsewhere it is noise like any other symbol.
    s = s.replace(/(?<![A-Za-z])'|'(?![A-Za-z])/g, ' ');
    s = s.replace(/[^A-Za-z?.!,¿']+/g, ' ');
  } else {
    s = s.replace(/[^A-Za-z?.!,¿]+/g, ' ');
  }
  return s.replace(/ {2,}/g, ' ').trim();
}
