import type { InverseSigmoidSchedule } from '@rnn/seq2seq';
import { attentionFromFlag } from '../src/config.js';
import { resolveTeacherForcing } from '../src/scheduled-sampling.js';
import { evenlySpaced } from '../src/training.js';

describe('resolveTeacherForcing', () => {
  it('is plain teacher forcing without a schedule', () => {
    const r = resolveTeacherForcing(undefined, {}, 1000, 'parallel');
    expect(r.policy).toEqual({ kind: 'always' });
    expect(r.schedule).toBeNull();
  });

  it.each(['linear', 'exponential', 'inverse-sigmoid'] as const)('%s: defaults decay ε from ~1 to 0.5 at the last step', (kind) => {
    const r = resolveTeacherForcing(kind, {}, 2250, 'parallel');
    expect(r.policy).toMatchObject({ kind: 'scheduled', mode: 'parallel', sampling: 'argmax', per: 'step' });
    expect(r.schedule!.value(0)).toBeGreaterThan(0.99);
    expect(r.schedule!.value(2250)).toBeCloseTo(0.5, 3);
    expect(r.schedule!.value(1125)).toBeGreaterThan(0.5);
  });

  it('takes explicit parameters', () => {
    expect(resolveTeacherForcing('linear', { k: 1, c: 0.001, min: 0.2 }, 100, 'sequential').schedule!.value(500)).toBeCloseTo(0.5, 12);
    expect(resolveTeacherForcing('exponential', { k: 0.99 }, 100, 'parallel').schedule!.value(2)).toBeCloseTo(0.9801, 12);
    expect(resolveTeacherForcing('inverse-sigmoid', { k: 10 }, 100, 'parallel').schedule!.value(0)).toBeCloseTo(10 / 11, 12);
  });

  it('rejects parameters that do not fit the schedule', () => {
    expect(() => resolveTeacherForcing('exponential', { k: 1.5 }, 100, 'parallel')).toThrow(/`--ss-k` to be in \(0, 1\).*1\.5/);
    expect(() => resolveTeacherForcing('inverse-sigmoid', { k: 0.5 }, 100, 'parallel')).toThrow(/`--ss-k` to be >= 1.*0\.5/);
    expect(() => resolveTeacherForcing('exponential', { c: 0.1 }, 100, 'parallel')).toThrow(/only `--ss-k`/);
    expect(() => resolveTeacherForcing(undefined, { min: 0.1 }, 100, 'parallel')).toThrow(/`--ss-min` only with --scheduled-sampling/);
  });

  it('the default inverse sigmoid solves k·ln k = steps (schedules.reaching)', () => {
    const k = (resolveTeacherForcing('inverse-sigmoid', {}, 2250, 'parallel').schedule as InverseSigmoidSchedule).k;
    expect(k * Math.log(k)).toBeCloseTo(2250, 6);
  });

  it('rejects a linear start below its floor', () => {
    expect(() => resolveTeacherForcing('linear', { k: 0.3, min: 0.5 }, 100, 'parallel')).toThrow(/`--ss-k` \(0\.3\) to be >= `--ss-min` \(0\.5\)/);
  });
});

describe('attentionFromFlag', () => {
  it('maps luong to the general score and keeps the others', () => {
    expect(attentionFromFlag('luong')).toBe('luongGeneral');
    expect(attentionFromFlag('bahdanau')).toBe('bahdanau');
    expect(attentionFromFlag('none')).toBe('none');
  });
});

describe('evenlySpaced', () => {
  it('spreads the validation BLEU subset over the (length-sorted) list', () => {
    expect(evenlySpaced([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 3)).toEqual([0, 3, 6]);
    expect(evenlySpaced([1, 2], 5)).toEqual([1, 2]);
  });
});
