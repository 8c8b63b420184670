import { Rng } from './rng.js';
import { sampleLogits } from './sample-logits.js';

describe('sampleLogits', () => {
  it('follows softmax(logits / temperature) and never draws a banned id', () => {
    const rng = new Rng(5);
    const counts = new Float64Array(3);
    for (let i = 0; i < 6000; i++) (counts[sampleLogits([0, Math.log(2), 10], 1, rng, [2])] as number)++;
    expect(counts[2]).toBe(0);
    expect((counts[1] as number) / 6000).toBeCloseTo(2 / 3, 1); // p ∝ 1 : 2 once id 2 is banned
    // temperature 0.5 squares the odds: 1 : 4
    const cold = new Float64Array(2);
    for (let i = 0; i < 6000; i++) (cold[sampleLogits([0, Math.log(2)], 0.5, rng)] as number)++;
    expect((cold[1] as number) / 6000).toBeCloseTo(4 / 5, 1);
  });
});
