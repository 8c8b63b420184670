import { ConstantSchedule, ExponentialSchedule, InverseSigmoidSchedule, LinearSchedule, schedules } from '../src/index.js';

describe('schedules', () => {
  it('constant returns its value at every step', () => {
    const s = schedules.constant(0.3);
    expect([0, 1, 1e6].map((i) => s.value(i))).toEqual([0.3, 0.3, 0.3]);
    expect(s).toBeInstanceOf(ConstantSchedule);
    expect(s.toJSON()).toEqual({ kind: 'constant', value: 0.3 });
  });

  it('linear follows max(min, k - c*i)', () => {
    const s = schedules.linear({ k: 1, c: 0.01, min: 0.25 });
    for (const i of [0, 1, 10, 50, 74, 75, 76, 1000]) expect(s.value(i)).toBeCloseTo(Math.max(0.25, 1 - 0.01 * i), 12);
    expect(s.value(30)).toBeCloseTo(0.7, 12);
    expect(s.value(200)).toBe(0.25);
    expect(new LinearSchedule({ c: 0.5 }).value(1)).toBe(0.5);
  });

  it('exponential follows k^i', () => {
    const s = schedules.exponential(0.99);
    for (const i of [0, 1, 2, 10, 100]) expect(s.value(i)).toBeCloseTo(0.99 ** i, 12);
    expect(s.value(100)).toBeCloseTo(0.36603234127322926, 12);
    expect(s).toBeInstanceOf(ExponentialSchedule);
  });

  it('inverseSigmoid follows k / (k + exp(i/k))', () => {
    const s = schedules.inverseSigmoid(20);
    for (const i of [0, 1, 20, 60, 200]) expect(s.value(i)).toBeCloseTo(20 / (20 + Math.exp(i / 20)), 12);
    expect(s.value(0)).toBeCloseTo(20 / 21, 12);
    expect(s).toBeInstanceOf(InverseSigmoidSchedule);
  });

  it('rejects out-of-range parameters with a message naming them', () => {
    expect(() => schedules.exponential(1.5)).toThrow(/`k`.*\[.*1\].*1\.5/);
    expect(() => schedules.inverseSigmoid(0.5)).toThrow(/`k`.*0\.5/);
    expect(() => schedules.linear({ c: -1 })).toThrow(/`c`.*-1/);
  });
});
