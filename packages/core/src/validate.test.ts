import { checkInteger, checkKnownOptions, checkNumberInRange, checkOneOf } from './validate.js';

describe('argument checks', () => {
  it('name the argument, the expectation and the value', () => {
    expect(() => checkInteger('units', 12.5)).toThrow(/`units`.*integer >= 1.*12\.5/);
    expect(checkInteger('maxlen', 0, 0)).toBe(0);
    expect(() => checkNumberInRange('dropout', 1.5, 0, 1)).toThrow(/`dropout`.*\[0, 1\].*1\.5/);
    expect(() => checkOneOf('padding', 'middle', ['pre', 'post'])).toThrow(/`padding`.*"pre", "post".*"middle"/);
    expect(() => checkKnownOptions('padSequences options', { maxLen: 3 }, ['maxlen'])).toThrow(/`maxLen`.*padSequences options.*maxlen/);
    expect(checkOneOf('padding', 'post', ['pre', 'post'])).toBe('post');
  });
});
