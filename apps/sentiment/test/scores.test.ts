import type { SentimentRecord } from '@rnn/data';
import { flatScores, formatScores, majorityClass, scoreSentiment } from '../src/scores.js';
import { binaryScores } from '../src/train-loop.js';

// Hand-made fixture: threshold 0.5 is inclusive (0.5 → positive).
//  i  label source  prob  pred  outcome
//  0    1   amazon  0.9    1    TP
//  1    1   amazon  0.4    0    FN
//  2    0   amazon  0.2    0    TN
//  3    0   imdb    0.7    1    FP
//  4    1   imdb    0.5    1    TP
//  5    0   imdb    0.49   0    TN
//  6    1   yelp    0.8    1    TP
//  7    0   yelp    0.3    0    TN
//  8    0   yelp    0.1    0    TN
//  9    1   yelp    0.3    0    FN
// TN 4, FP 1, FN 2, TP 3 → accuracy 7/10, precision 3/4, recall 3/5, F1 2·(3/4)(3/5)/(3/4+3/5) = 2/3.
const rows: [0 | 1, SentimentRecord['source'], number][] = [
  [1, 'amazon', 0.9],
  [1, 'amazon', 0.4],
  [0, 'amazon', 0.2],
  [0, 'imdb', 0.7],
  [1, 'imdb', 0.5],
  [0, 'imdb', 0.49],
  [1, 'yelp', 0.8],
  [0, 'yelp', 0.3],
  [0, 'yelp', 0.1],
  [1, 'yelp', 0.3],
];
const records: SentimentRecord[] = rows.map(([label, source], i) => ({ text: `sentence ${i}`, label, source }));
const probs = rows.map((r) => r[2]);

describe('scoreSentiment', () => {
  it('gives the exact confusion matrix, accuracy, precision, recall and F1 of the positive class', () => {
    const s = scoreSentiment(records, probs, 0);
    expect(s.confusion).toEqual([
      [4, 1],
      [2, 3],
    ]);
    expect(s.accuracy).toBeCloseTo(0.7, 12);
    expect(s.precision).toBeCloseTo(0.75, 12);
    expect(s.recall).toBeCloseTo(0.6, 12);
    expect(s.f1).toBeCloseTo(2 / 3, 12);
    expect(s.count).toBe(10);
  });

  it('gives the accuracy and the majority baseline of each source', () => {
    const s = scoreSentiment(records, probs, 0);
    // Negatives per source: amazon 1 of 3, imdb 2 of 3, yelp 2 of 4 (the majority class given is 0).
    expect(s.perSource.amazon).toEqual({ accuracy: 2 / 3, majorityBaseline: 1 / 3, count: 3 });
    expect(s.perSource.imdb).toEqual({ accuracy: 2 / 3, majorityBaseline: 2 / 3, count: 3 });
    expect(s.perSource.yelp).toEqual({ accuracy: 3 / 4, majorityBaseline: 2 / 4, count: 4 });
  });

  it('scores the majority-class baseline of the class it is given, not of the test labels', () => {
    const onlyNeg = [...records, { text: 'x', label: 0, source: 'yelp' } as SentimentRecord];
    const p = [...probs, 0.1];
    expect(scoreSentiment(onlyNeg, p, 0).majorityBaseline).toBeCloseTo(6 / 11, 12);
    expect(scoreSentiment(onlyNeg, p, 1).majorityBaseline).toBeCloseTo(5 / 11, 12);
  });

  it('gives precision, recall and F1 of 0 (not NaN) when nothing is predicted positive', () => {
    const s = scoreSentiment(
      records,
      probs.map(() => 0.1),
      1,
    );
    expect(s.confusion).toEqual([
      [5, 0],
      [5, 0],
    ]);
    expect([s.precision, s.recall, s.f1, s.accuracy]).toEqual([0, 0, 0, 0.5]);
    expect(s.majorityBaseline).toBe(0.5);
  });

  it('flattens to metrics.json keys and formats the terminal lines', () => {
    const s = scoreSentiment(records, probs, 0);
    const flat = flatScores('test', s);
    expect(flat).toMatchObject({ testTrueNeg: 4, testFalsePos: 1, testFalseNeg: 2, testTruePos: 3, testCount: 10, testMajorityBaseline: 0.5 });
    expect(flat.testAccuracy_yelp).toBe(0.75);
    const text = formatScores('test set', s).join('\n');
    expect(text).toMatch(/accuracy\s+70\.0%/);
    expect(text).toMatch(/precision \(pos\)\s+75\.0%/);
    expect(text).toMatch(/recall \(pos\)\s+60\.0%/);
    expect(text).toMatch(/F1 \(pos\)\s+66\.7%/);
    expect(text).toMatch(/true neg\s+4\s+1\n\s+true pos\s+2\s+3/);
    expect(text).toContain('amazon 66.7% (n=3, baseline 33.3%), imdb 66.7% (n=3, baseline 66.7%), yelp 75.0% (n=4, baseline 50.0%)');
    expect(flat.testMajorityBaseline_amazon).toBeCloseTo(1 / 3, 12);
    expect(text).toContain('majority baseline   50.0% (always "negative"');
  });
});

describe('majorityClass', () => {
  it('is the more frequent training label, positive on a tie', () => {
    const mk = (labels: (0 | 1)[]): SentimentRecord[] => labels.map((label) => ({ text: '', label, source: 'imdb' }));
    expect(majorityClass(mk([0, 0, 1]))).toBe(0);
    expect(majorityClass(mk([0, 1, 1]))).toBe(1);
    expect(majorityClass(mk([0, 1]))).toBe(1);
  });
});

describe('binaryScores', () => {
  it('is the mean binary cross-entropy and the 0.5-threshold accuracy', () => {
    const r = binaryScores([0.9, 0.2, 0.6], [1, 0, 0]);
    expect(r.loss).toBeCloseTo(-(Math.log(0.9) + Math.log(0.8) + Math.log(0.4)) / 3, 10);
    expect(r.accuracy).toBeCloseTo(2 / 3, 12);
  });
});
