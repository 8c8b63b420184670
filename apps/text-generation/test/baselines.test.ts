import { TRIGRAM_LAMBDA_GRID, TrigramModel } from '../src/baselines/trigram-model.js';
import { UnigramModel } from '../src/baselines/unigram-model.js';

describe('UnigramModel (add-one)', () => {
  // train ids 4, 5, 4, 6 over a vocabulary of 8 ids: p(c) = (n(c) + 1) / (4 + 8)
  const uni = new UnigramModel([4, 5, 4, 6], 8);

  it('gives (n(c) + 1) / (N + V), also to ids never seen', () => {
    expect(uni.prob(4)).toBeCloseTo(3 / 12, 12);
    expect(uni.prob(5)).toBeCloseTo(2 / 12, 12);
    expect(uni.prob(7)).toBeCloseTo(1 / 12, 12);
    let sum = 0;
    for (let c = 0; c < 8; c++) sum += uni.prob(c);
    expect(sum).toBeCloseTo(1, 12);
  });

  it('averages -ln p over the given positions only', () => {
    const ids = [7, 4, 5, 6];
    expect(uni.crossEntropy(ids, [1, 2])).toBeCloseTo(-(Math.log(3 / 12) + Math.log(2 / 12)) / 2, 12);
    expect(uni.crossEntropy(ids, [0])).toBeCloseTo(Math.log(12), 12);
  });
});

describe('TrigramModel (interpolated, Jelinek-Mercer)', () => {
  // train 4 5 4 5 6, V = 7, λ2 = 0.5, λ3 = 0.8.
  // unigram p1 = (n + 1) / 12: p1(4) = p1(5) = 3/12, p1(6) = 2/12, unseen 1/12.
  // bigram counts: 45 ×2, 54, 56; n(4·) = 2, n(5·) = 2; trigram contexts n(45·) = 2, n(54·) = 1.
  const tri = new TrigramModel([4, 5, 4, 5, 6], 7, { bigram: 0.5, trigram: 0.8 });

  it('interpolates trigram, bigram and add-one unigram exactly', () => {
    // p2(6|5) = .5·1/2 + .5·2/12 = 1/3;  p3(6|4,5) = .8·1/2 + .2·1/3 = 7/15
    expect(tri.prob(4, 5, 6)).toBeCloseTo(7 / 15, 12);
    // p2(4|5) = .5·1/2 + .5·3/12 = 3/8;  p3(4|4,5) = .8·1/2 + .2·3/8 = 0.475
    expect(tri.prob(4, 5, 4)).toBeCloseTo(0.475, 12);
    // unseen trigram continuation: p3(5|4,5) = .8·0 + .2·p2(5|5) = .2·(.5·0 + .5·3/12)
    expect(tri.prob(4, 5, 5)).toBeCloseTo(0.2 * 0.5 * (3 / 12), 12);
  });

  it('backs off to the bigram for an unseen context pair and to the unigram for an unseen history', () => {
    // context (5,6) never seen, and 6 is never followed by anything: p = p1(5)
    expect(tri.prob(5, 6, 5)).toBeCloseTo(3 / 12, 12);
    // at the start of the text (no a): p2(5|4) = .5·2/2 + .5·3/12 = 0.625
    expect(tri.prob(-1, 4, 5)).toBeCloseTo(0.625, 12);
    expect(tri.prob(-1, -1, 6)).toBeCloseTo(2 / 12, 12);
  });

  it('is a distribution over the vocabulary for every context', () => {
    for (const [a, b] of [
      [4, 5],
      [5, 4],
      [5, 6],
      [0, 0],
      [-1, 4],
      [-1, -1],
    ] as const) {
      let sum = 0;
      for (let c = 0; c < 7; c++) sum += tri.prob(a, b, c);
      expect(sum).toBeCloseTo(1, 12);
    }
  });

  it('scores cross-entropy with the two previous ids of the scored text', () => {
    // ids 4 5 6 4, positions 2 and 3: p(6|4,5) = 7/15, p(4|5,6) = p1(4) = 3/12
    expect(tri.crossEntropy([4, 5, 6, 4], [2, 3])).toBeCloseTo(-(Math.log(7 / 15) + Math.log(3 / 12)) / 2, 12);
    // position 0 has no history: the unigram
    expect(tri.crossEntropy([6, 5], [0])).toBeCloseTo(-Math.log(2 / 12), 12);
  });

  it('tunes λ on the training ids: a perfectly periodic text gets the largest trigram weight', () => {
    const periodic = Array.from({ length: 300 }, (_, i) => 4 + (i % 3));
    const lambdas = TrigramModel.tune(periodic, 7);
    expect(lambdas.trigram).toBe(TRIGRAM_LAMBDA_GRID.at(-1));
    const fitted = new TrigramModel(periodic, 7, lambdas);
    expect(fitted.crossEntropy(periodic, [100, 101, 102])).toBeLessThan(0.05);
  });
});
