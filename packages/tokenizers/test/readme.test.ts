import { padSequences, Tokenizer, Vocabulary } from '../src/index.js';

// Keeps the README's Usage block honest: same calls, same printed values.
describe('README usage', () => {
  it('prints what the README says', () => {
    const tok = new Tokenizer({ oovToken: '<OOV>' });
    tok.fitOnTexts(['The cat sat on the mat.', 'The dog ate my homework!']);
    const seqs = tok.textsToSequences(['the zebra sat']);
    expect(seqs).toEqual([[2, 1, 4]]);
    expect(padSequences(seqs, { maxlen: 5 })).toEqual([[0, 0, 2, 1, 4]]);
    expect(tok.sequencesToTexts(seqs)).toEqual(['the <OOV> sat']);
    const same = Tokenizer.fromJSON(JSON.stringify(tok));
    expect(same.textsToSequences(['the zebra sat'])).toEqual(seqs);
    const vocab = Vocabulary.fromTexts(['hello world', 'hello there']);
    expect(vocab.encode('hello moon', { addBos: true, addEos: true })).toEqual([1, 4, 3, 2]);
  });
});
