import { ValueError } from '@rnn/core';
import { dataRoot, describeWithData } from '../../test/real-data.js';
import { dataFile } from '../node/readers/data-root.js';
import { readTatoebaPairs } from '../node/readers/tatoeba.js';
import { groupTargets } from './group-targets.js';
import { split } from './split.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('split', () => {
  it('follows the ratios, keeps input order within a split, and covers every item once', () => {
    const { train, val, test, report } = split(range(1000), { ratios: [0.8, 0.1, 0.1], seed: 3 });
    expect(report.sizes).toEqual({ train: 800, val: 100, test: 100 });
    expect([...train, ...val, ...test].sort((a, b) => a - b)).toEqual(range(1000));
    expect(train).toEqual([...train].sort((a, b) => a - b));
    expect(report.duplicatesRemoved).toBe(0);
  });

  it('is reproducible: same seed → same split, different seed → different split', () => {
    const a = split(range(500), { ratios: [0.7, 0.15, 0.15], seed: 11 });
    const b = split(range(500), { ratios: [0.7, 0.15, 0.15], seed: 11 });
    const c = split(range(500), { ratios: [0.7, 0.15, 0.15], seed: 12 });
    expect(b.test).toEqual(a.test);
    expect(b.train).toEqual(a.train);
    expect(c.test).not.toEqual(a.test);
    expect(c.report.sizes).toEqual(a.report.sizes);
  });

  it('collapses duplicates first (whole item with true, or by key)', () => {
    const items = [
      { t: 'a', y: 1 },
      { t: 'b', y: 0 },
      { t: 'a', y: 1 },
      { t: 'a', y: 0 },
      { t: 'b', y: 0 },
    ];
    const whole = split(items, { ratios: [1, 0, 0], seed: 1, dedupe: true });
    expect(whole.train).toEqual([
      { t: 'a', y: 1 },
      { t: 'b', y: 0 },
      { t: 'a', y: 0 },
    ]);
    expect(whole.report.duplicatesRemoved).toBe(2);
    const byText = split(items, { ratios: [1, 0, 0], seed: 1, dedupe: (x) => x.t });
    expect(byText.train).toEqual([
      { t: 'a', y: 1 },
      { t: 'b', y: 0 },
    ]);
    expect(byText.report).toMatchObject({ total: 5, duplicatesRemoved: 3, sizes: { train: 2, val: 0, test: 0 } });
  });

  it('keeps every group in one split', () => {
    const items = range(300).map((i) => ({ g: i % 37, i }));
    const { train, val, test, report } = split(items, { ratios: [0.6, 0.2, 0.2], seed: 5, groupBy: (x) => String(x.g) });
    const groupsOf = (xs: typeof items) => new Set(xs.map((x) => x.g));
    const [tr, va, te] = [groupsOf(train), groupsOf(val), groupsOf(test)];
    for (const g of te) expect(tr.has(g) || va.has(g)).toBe(false);
    for (const g of va) expect(tr.has(g)).toBe(false);
    expect(tr.size + va.size + te.size).toBe(37);
    expect(report.groups).toEqual({ train: tr.size, val: va.size, test: te.size });
    expect(Math.abs(train.length / 300 - 0.6)).toBeLessThan(0.05);
  });

  it('rejects ratios that do not sum to 1 and a non-integer seed', () => {
    expect(() => split([1], { ratios: [0.8, 0.1, 0.05], seed: 1 })).toThrow(ValueError);
    expect(() => split([1], { ratios: [0.8, 0.1, 0.05], seed: 1 })).toThrow(/`ratios`.*summing to 1.*\[0\.8,0\.1,0\.05\]/);
    expect(() => split([1], { ratios: [1.2, -0.1, -0.1], seed: 1 })).toThrow(/non-negative/);
    expect(() => split([1], { ratios: [0.8, 0.2] as never, seed: 1 })).toThrow(/three/);
    expect(split([1, 2, 3], { ratios: [0.7, 0.2, 0.1 + 1e-12], seed: 1 }).report.total).toBe(3);
    expect(() => split([1], { ratios: [1, 0, 0], seed: 1.5 })).toThrow(/`seed`.*1\.5/);
  });
});

describe('groupTargets', () => {
  it('collects the distinct targets of each source in first-appearance order', () => {
    const pairs = [
      { source: 'Hi.', target: 'Salut.' },
      { source: 'Go.', target: 'Va !' },
      { source: 'Hi.', target: 'Salut !' },
      { source: 'Hi.', target: 'Salut.' },
    ];
    expect(groupTargets(pairs)).toEqual([
      { source: 'Hi.', targets: ['Salut.', 'Salut !'] },
      { source: 'Go.', targets: ['Va !'] },
    ]);
  });
});

describeWithData('split on the first 30,000 Tatoeba pairs', () => {
  it('never puts a test or validation source in train when grouping by source', async () => {
    const pairs = await readTatoebaPairs(dataFile('fra', { root: dataRoot() }), { limit: 30_000 });
    const { train, val, test, report } = split(pairs, { ratios: [0.8, 0.1, 0.1], seed: 42, groupBy: (p) => p.source });
    const trainSources = new Set(train.map((p) => p.source));
    expect(test.filter((p) => trainSources.has(p.source))).toEqual([]);
    expect(val.filter((p) => trainSources.has(p.source))).toEqual([]);
    expect(report.sizes.train + report.sizes.val + report.sizes.test).toBe(30_000);
    expect(report.sizes.test).toBeGreaterThan(2900);
    expect(report.sizes.test).toBeLessThan(3100);
    // Sources have several translations: far fewer groups than pairs, and each test group keeps them all.
    expect(report.groups.test).toBeLessThan(report.sizes.test * 0.8);
    const refs = groupTargets(test);
    expect(refs).toHaveLength(report.groups.test);
    expect(refs.reduce((a, r) => a + r.targets.length, 0)).toBeLessThanOrEqual(test.length);
    // Without grouping, the same seed leaks many sources.
    const naive = split(pairs, { ratios: [0.8, 0.1, 0.1], seed: 42 });
    const naiveTrain = new Set(naive.train.map((p) => p.source));
    expect(naive.test.filter((p) => naiveTrain.has(p.source)).length).toBeGreaterThan(1000);
  });
});
