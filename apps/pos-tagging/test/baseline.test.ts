import type { TaggedSentence } from '@rnn/data';
import { MostFrequentTagBaseline } from '../src/baseline/most-frequent-tag.js';

// Hand-made corpus. Tag counts overall: DT 3, NN 2, PRP 2, VBP 2, VBZ 1, RB 1, JJ 1, VB 1, . 1.
const TRAIN: TaggedSentence[] = [
  { words: ['the', 'dog', 'runs', 'fast'], tags: ['DT', 'NN', 'VBZ', 'RB'] },
  { words: ['the', 'run', '.'], tags: ['DT', 'NN', '.'] },
  { words: ['they', 'run', 'fast'], tags: ['PRP', 'VBP', 'JJ'] },
  { words: ['a', 'run'], tags: ['DT', 'VBP'] },
  { words: ['dog', 'it'], tags: ['VB', 'PRP'] },
];

describe('MostFrequentTagBaseline', () => {
  it('gives each known word its most frequent training tag and unknown words the most frequent tag overall', () => {
    const b = MostFrequentTagBaseline.fit(TRAIN);
    // run: VBP 2 > NN 1; unknown 'cat' → DT (3, the most frequent overall).
    expect(b.tag(['the', 'run', 'cat'])).toEqual(['DT', 'VBP', 'DT']);
    expect(b.defaultTag).toBe('DT');
    expect(b.knownWords).toBe(9); // the dog runs fast run . they a it
  });

  it('breaks a per-word tie by the overall tag frequency, then alphabetically', () => {
    const b = MostFrequentTagBaseline.fit(TRAIN);
    // dog: NN 1 vs VB 1, overall NN 2 > VB 1 → NN. fast: RB 1 vs JJ 1, overall 1 each → 'JJ' < 'RB'.
    expect(b.tag(['dog', 'fast'])).toEqual(['NN', 'JJ']);
  });

  it('does not depend on the order of the training sentences', () => {
    const a = MostFrequentTagBaseline.fit(TRAIN);
    const b = MostFrequentTagBaseline.fit([...TRAIN].reverse());
    const words = ['the', 'dog', 'runs', 'fast', 'run', '.', 'they', 'a', 'it', 'zebra'];
    expect(b.tag(words)).toEqual(a.tag(words));
    expect(MostFrequentTagBaseline.fit([{ words: ['b', 'a'], tags: ['Y', 'X'] }]).defaultTag).toBe('X');
  });
});
