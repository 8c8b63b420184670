import { WORD_SHAPES, wordShape } from '../src/data/word-shape.js';

describe('wordShape', () => {
  it.each([
    ['*T*-12', '<unk-trace>'],
    ['*-105', '<unk-trace>'],
    ['*ICH*-3', '<unk-trace>'],
    ['9.8', '<unk-num>'],
    ['1\\/2', '<unk-num>'],
    ['1950s', '<unk-num>'],
    ['Hollingsworth', '<unk-cap>'],
    ['N.V.', '<unk-cap>'],
    ['``Mother', '<unk-cap>'],
    ['asbestos-related', '<unk-hyphen>'],
    ['smoking', '<unk-ing>'],
    ['diagnosed', '<unk-ed>'],
    ['stringently', '<unk-ly>'],
    ['fibers', '<unk-s>'],
    ['mesothelioma', '<unk-lower>'],
    ['glass', '<unk-lower>'],
    ['regulation', '<unk-noun>'],
    ['chrysotile', '<unk-lower>'],
    ['industrial', '<unk-adj>'],
    ['%', '<unk-other>'],
    ['&', '<unk-other>'],
  ])('%s → %s', (word, shape) => {
    expect(wordShape(word)).toBe(shape);
  });

  it('only returns listed shapes, none of them a reserved token', () => {
    expect(WORD_SHAPES).toHaveLength(12);
    expect(new Set(WORD_SHAPES).size).toBe(12);
    expect(WORD_SHAPES).not.toContain('<unk>');
  });
});
