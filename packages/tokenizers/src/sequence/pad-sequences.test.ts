import { ValueError } from '@rnn/core';
import { padSequences } from './pad-sequences.js';

describe('padSequences validation', () => {
  it('rejects a negative maxlen, naming it and the value', () => {
    expect(() => padSequences([[1]], { maxlen: -2 })).toThrow(/`maxlen`.*integer >= 0.*-2/);
  });

  it('rejects unknown options and bad sides', () => {
    expect(() => padSequences([[1]], { maxLen: 2 } as never)).toThrow(/Unknown option `maxLen`/);
    expect(() => padSequences([[1]], { padding: 'left' as never })).toThrow(/`padding`.*"pre", "post".*"left"/);
    expect(() => padSequences([[1]], { truncating: 'middle' as never })).toThrow(/`truncating`.*"middle"/);
  });

  it('rejects non-array rows and non-number values', () => {
    expect(() => padSequences([[1], 5 as never])).toThrow(/`sequences\[1\]`.*array.*5/);
    expect(() => padSequences([[1, '2' as never]])).toThrow(/`sequences\[0\]\[1\]`.*number.*"2"/);
    expect(() => padSequences([[1]], { value: Number.NaN })).toThrow(ValueError);
  });

  it('returns [] for no sequences and empty rows for maxlen 0', () => {
    expect(padSequences([])).toEqual([]);
    expect(padSequences([[1, 2]], { maxlen: 0 })).toEqual([[]]);
  });
});
