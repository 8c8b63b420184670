import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { normalizeForTranslation } from './normalize-for-translation.js';

const here = dirname(fileURLToPath(import.meta.url));
const cases = JSON.parse(readFileSync(join(here, '../../test/fixtures/normalize.json'), 'utf8')) as { input: string; classic: string }[];

describe('normalizeForTranslation', () => {
  it.each(cases)('matches the classic tutorial on %j (test/fixtures/gen_normalize.py)', ({ input, classic }) => {
    expect(normalizeForTranslation(input)).toBe(classic);
  });

  it('drops apostrophes like the tutorial by default: "l\'homme" → "l homme", "J\'ai" → "j ai"', () => {
    expect(normalizeForTranslation("J'ai vu l'homme.")).toBe('j ai vu l homme .');
    expect(normalizeForTranslation('J’ai vu l’homme.')).toBe('j ai vu l homme .');
  });

  it('keeps word-internal apostrophes (curly ones straightened) with keepApostrophes', () => {
    expect(normalizeForTranslation("J'ai vu l’homme.", { keepApostrophes: true })).toBe("j'ai vu l'homme .");
    expect(normalizeForTranslation("'Tis the dogs' bone, don't!", { keepApostrophes: true })).toBe("tis the dogs bone , don't !");
  });

  it('keeps case when lower is false and spells out ligatures', () => {
    expect(normalizeForTranslation('Élève, Où ÇA ?', { lower: false })).toBe('Eleve , Ou CA ?');
    expect(normalizeForTranslation('Mon cœur, ma sœur, Œdipe, Straße.')).toBe('mon coeur , ma soeur , oedipe , strasse .');
  });

  it('rejects unknown options', () => {
    expect(() => normalizeForTranslation('x', { lowercase: true } as never)).toThrow(/Unknown option `lowercase`/);
  });
});
