import { Rng } from './rng.js';

describe('Rng', () => {
  it('is reproducible for a seed and differs across seeds', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('resumes from a saved state with the same stream', () => {
    const a = new Rng(7);
    a.next();
    const saved = a.state;
    const rest = [a.next(), a.next()];
    const b = Rng.fromState(saved);
    expect([b.next(), b.next()]).toEqual(rest);
  });

  it('draws roughly uniform integers and standard normals', () => {
    const r = new Rng(1);
    const counts = [0, 0, 0, 0];
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < 20000; i++) {
      counts[r.int(4)]! += 1;
      const z = r.normal();
      sum += z;
      sq += z * z;
    }
    for (const c of counts) expect(Math.abs(c - 5000)).toBeLessThan(300);
    expect(Math.abs(sum / 20000)).toBeLessThan(0.05);
    expect(Math.abs(sq / 20000 - 1)).toBeLessThan(0.05);
  });

  it('shuffles into a permutation without touching the input', () => {
    const items = [1, 2, 3, 4, 5, 6, 7, 8];
    const out = new Rng(3).shuffle(items);
    expect(items).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect([...out].sort()).toEqual(items);
    expect(out).not.toEqual(items);
  });

  it('rejects a non-integer seed naming it', () => {
    expect(() => new Rng(1.5)).toThrow(/`seed`.*integer.*1\.5/);
  });
});
