import { FileFormatError, ValueError } from '@rnn/core';
import { textToWordSequence } from './text-to-word-sequence.js';
import { Tokenizer } from './tokenizer.js';

describe('Tokenizer input validation', () => {
  it('rejects unknown option names, naming the option', () => {
    expect(() => new Tokenizer({ num_words: 3 } as never)).toThrow(/Unknown option `num_words` in Tokenizer options/);
  });

  it('rejects a bad numWords, naming the argument and value', () => {
    expect(() => new Tokenizer({ numWords: -1 })).toThrow(/`numWords`.*integer >= 0.*-1/);
    expect(() => new Tokenizer({ numWords: 2.5 })).toThrow(ValueError);
  });

  it('rejects an empty split and non-boolean flags', () => {
    expect(() => new Tokenizer({ split: '' })).toThrow(/`split`.*non-empty string.*""/);
    expect(() => new Tokenizer({ lower: 'yes' as never })).toThrow(/`lower`.*boolean.*"yes"/);
  });

  it('refuses to convert before fitting', () => {
    const tok = new Tokenizer();
    expect(() => tok.textsToSequences(['a'])).toThrow(/not fitted.*textsToSequences/);
    expect(() => tok.sequencesToTexts([[1]])).toThrow(/not fitted.*sequencesToTexts/);
  });

  it('names a non-string text and its position', () => {
    const tok = new Tokenizer();
    expect(() => tok.fitOnTexts(['ok', 42 as never])).toThrow(/`texts\[1\]`.*string.*42/);
    expect(() => tok.fitOnTexts('abc' as never)).toThrow(/`texts`.*array.*"abc"/);
    expect(() => tok.fitOnTexts([['a', null as never]])).toThrow(/`texts\[0\]\[1\]`.*null/);
  });

  it('names a non-integer index in sequencesToTexts', () => {
    const tok = new Tokenizer();
    tok.fitOnTexts(['a b']);
    expect(() => tok.sequencesToTexts([[1, 1.5]])).toThrow(/`sequences\[0\]\[1\]`.*integer.*1\.5/);
  });

  it('rejects JSON that is not a Keras tokenizer', () => {
    expect(() => Tokenizer.fromJSON('{nope')).toThrow(FileFormatError);
    expect(() => Tokenizer.fromJSON('{"class_name": "Other", "config": {}}')).toThrow(/class_name.*"Other"/);
    expect(() => Tokenizer.fromJSON({ class_name: 'Tokenizer', config: { word_index: '{"a": "x"}' } } as never)).toThrow(/word_index.*integers.*"x"/);
  });

  it('keeps integer-like words in first-appearance order through JSON', () => {
    const tok = new Tokenizer();
    tok.fitOnTexts(['b 20 10 b']);
    const again = Tokenizer.fromJSON(JSON.stringify(tok));
    expect([...again.wordCounts.keys()]).toEqual(['b', '20', '10']);
    expect([...again.wordIndex]).toEqual([
      ['b', 1],
      ['20', 2],
      ['10', 3],
    ]);
  });
});

describe('textToWordSequence', () => {
  it('splits like Keras text_to_word_sequence', () => {
    expect(textToWordSequence("The cat, the HAT! don't")).toEqual(['the', 'cat', 'the', 'hat', "don't"]);
    expect(textToWordSequence('A-B', { filters: '', lower: false, split: '-' })).toEqual(['A', 'B']);
  });
});
