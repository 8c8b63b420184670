import { ValueError } from '@rnn/core';
import { ConstantSchedule, ExponentialSchedule, InverseSigmoidSchedule, LinearSchedule, scheduleReaching, schedules } from '../src/index.js';
import { scheduleFunction } from '../src/schedules/schedule-function.js';

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

  it.each(['linear', 'exponential', 'inverseSigmoid'] as const)('reaching(%s) decays from ~1 to `final` exactly at `steps`', (kind) => {
    for (const [steps, final] of [
      [2250, 0.5],
      [100, 0.2],
      [1, 0.5],
    ] as const) {
      const s = schedules.reaching(kind, { steps, final });
      expect(s.value(steps)).toBeCloseTo(final, 9);
      expect(s.value(0)).toBeGreaterThan(final);
      expect(s.value(Math.floor(steps / 2))).toBeGreaterThan(final);
      expect(s.value(Math.floor(steps / 2))).toBeLessThan(s.value(0) + 1e-12);
    }
    expect(schedules.reaching(kind, { steps: 2250 }).value(2250)).toBeCloseTo(0.5, 9); // default final
  });

  it('reaching picks the documented parameters', () => {
    expect(scheduleReaching('linear', { steps: 100, final: 0.25, start: 0.75 }).toJSON()).toEqual({ kind: 'linear', k: 0.75, c: 0.005, min: 0.25 });
    expect(scheduleReaching('exponential', { steps: 100, final: 0.25 }).k).toBeCloseTo(0.25 ** (1 / 100), 15);
    const k = scheduleReaching('inverseSigmoid', { steps: 2250 }).k;
    expect(k * Math.log(k)).toBeCloseTo(2250, 6); // k·ln k = steps for final 0.5
    expect(schedules.linear({ k: 1, c: 0.5 / 2250, min: 0.5 }).value(1000)).toBeCloseTo(scheduleReaching('linear', { steps: 2250 }).value(1000), 12);
  });

  it('reaching rejects targets it cannot meet, naming the argument', () => {
    expect(() => schedules.reaching('linear', { steps: 0 })).toThrow(/`steps`.*integer >= 1.*0/);
    expect(() => schedules.reaching('exponential', { steps: 10, final: 1 })).toThrow(/`final`.*\(0, 1\) for the exponential schedule.*1/);
    expect(schedules.reaching('linear', { steps: 10, final: 0 }).value(10)).toBe(0);
    expect(() => schedules.reaching('linear', { steps: 10, final: 0.5, start: 0.4 })).toThrow(/`start`.*0\.4/);
    expect(() => schedules.reaching('exponential', { steps: 10, start: 2 })).toThrow(/`start` only for the linear schedule/);
    expect(() => schedules.reaching('inverseSigmoid', { steps: 1, final: 0.2 })).toThrow(/`steps` \(1\) to be large enough/);
    expect(() => schedules.reaching('constant' as never, { steps: 10 })).toThrow(ValueError);
  });

  it('a schedule option must be a Schedule or a function, not a plain object', () => {
    expect(scheduleFunction('s', schedules.exponential(0.5))(2)).toBe(0.25);
    expect(scheduleFunction('s', (i: number) => i + 1)(2)).toBe(3);
    expect(() => scheduleFunction('teacherForcing.schedule', { kind: 'inverseSigmoid', k: 10 })).toThrow(
      /`teacherForcing\.schedule` to be a Schedule.*"inverseSigmoid"/,
    );
    expect(() => scheduleFunction('learningRateSchedule', 0.5)).toThrow(ValueError);
  });
});
