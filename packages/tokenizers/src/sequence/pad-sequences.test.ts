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

  it('rejects values that do not fit the dtype instead of wrapping them (issue 18)', () => {
    expect(() => padSequences([[1e12]])).toThrow(ValueError);
    expect(() => padSequences([[1e12]])).toThrow(/`sequences\[0\]\[0\]` to fit dtype int32 \(\[-2147483648, 2147483647\]\), but got 1000000000000\./);
    expect(() => padSequences([[1, 2 ** 31]])).toThrow(/`sequences\[0\]\[1\]`.*int32/);
    expect(() => padSequences([[1]], { value: -(2 ** 31) - 1 })).toThrow(/`value` to fit dtype int32/);
    expect(() => padSequences([[1e39]], { dtype: 'float32' })).toThrow(/`sequences\[0\]\[0\]` to fit dtype float32/);
    // the edges still fit, and fractions truncate toward zero as numpy's cast does
    expect(padSequences([[2 ** 31 - 1, -(2 ** 31), 2147483647.9, -2.7]])).toEqual([[2147483647, -2147483648, 2147483647, -2]]);
    expect(padSequences([[1e38, Number.POSITIVE_INFINITY]], { dtype: 'float32' })).toEqual([[Math.fround(1e38), Number.POSITIVE_INFINITY]]);
  });

  it('returns [] for no sequences and empty rows for maxlen 0', () => {
    expect(padSequences([])).toEqual([]);
    expect(padSequences([[1, 2]], { maxlen: 0 })).toEqual([[]]);
  });
});
