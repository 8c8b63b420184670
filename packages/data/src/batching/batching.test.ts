import { ShapeError, ValueError } from '@rnn/core';
import { dataRoot, describeWithData } from '../../test/real-data.js';
import { dataFile } from '../node/readers/data-root.js';
import { readTatoebaPairs } from '../node/readers/tatoeba.js';
import { bucketByLength } from './bucket-by-length.js';
import { charWindows } from './char-windows.js';
import { paddedBatches, paddingFraction } from './padded-batches.js';

describe('paddedBatches', () => {
  it('pads sequences to the longest row, post by default, with lengths and indices', () => {
    const batches = paddedBatches([[1, 2, 3], [4], [5, 6], []], { batchSize: 3, padValue: 9 });
    expect(batches).toEqual([
      {
        kind: 'sequence',
        indices: [0, 1, 2],
        inputs: {
          values: [
            [1, 2, 3],
            [4, 9, 9],
            [5, 6, 9],
          ],
          lengths: [3, 1, 2],
          width: 3,
        },
      },
      { kind: 'sequence', indices: [3], inputs: { values: [[]], lengths: [0], width: 0 } },
    ]);
    expect(paddingFraction(batches)).toBeCloseTo(3 / 9, 12);
  });

  it('pads pairs side by side, each to its own width, and drops the remainder on request', () => {
    const pairs = [
      { source: [1, 2], target: [7, 8, 9] },
      { source: [3], target: [7] },
      { source: [4], target: [7] },
    ];
    const batches = paddedBatches(pairs, { batchSize: 2, dropRemainder: true });
    expect(batches).toHaveLength(1);
    expect(batches[0]).toEqual({
      kind: 'pair',
      indices: [0, 1],
      source: {
        values: [
          [1, 2],
          [3, 0],
        ],
        lengths: [2, 1],
        width: 2,
      },
      target: {
        values: [
          [7, 8, 9],
          [7, 0, 0],
        ],
        lengths: [3, 1],
        width: 3,
      },
    });
  });

  it('pre-pads, truncates and pads to a fixed maxLen', () => {
    const seqs = [[1, 2, 3, 4], [5]];
    expect(paddedBatches(seqs, { batchSize: 2, maxLen: 3, truncating: 'pre', padding: 'pre' })[0]?.inputs.values).toEqual([
      [2, 3, 4],
      [0, 0, 5],
    ]);
    expect(paddedBatches(seqs, { batchSize: 2, maxLen: 3, truncating: 'post' })[0]?.inputs.values).toEqual([
      [1, 2, 3],
      [5, 0, 0],
    ]);
    expect(paddedBatches([[1], [2]], { batchSize: 2, maxLen: 3, padTo: 'maxLen' })[0]?.inputs.values).toEqual([
      [1, 0, 0],
      [2, 0, 0],
    ]);
    const pairs = [{ source: [1, 2, 3], target: [4, 5] }];
    expect(paddedBatches(pairs, { batchSize: 1, maxLen: { target: 1 }, truncating: 'post' })[0]?.target.values).toEqual([[4]]);
  });

  it('shuffles reproducibly with a seed', () => {
    const seqs = Array.from({ length: 20 }, (_, i) => [i]);
    const a = paddedBatches(seqs, { batchSize: 4, shuffle: true, seed: 1 }).flatMap((b) => b.indices);
    const b = paddedBatches(seqs, { batchSize: 4, shuffle: true, seed: 1 }).flatMap((b) => b.indices);
    const c = paddedBatches(seqs, { batchSize: 4, shuffle: true, seed: 2 }).flatMap((b) => b.indices);
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
    expect([...a].sort((x, y) => x - y)).toEqual(seqs.map((_, i) => i));
  });

  it('throws clear errors for bad input', () => {
    expect(() => paddedBatches([[1]], { batchSize: 0 })).toThrow(/`batchSize` to be an integer >= 1, but got 0/);
    expect(() => paddedBatches([[1]], { batchSize: -2 })).toThrow(ValueError);
    expect(() => paddedBatches([[1, 2, 3]], { batchSize: 1, maxLen: 2 })).toThrow(ShapeError);
    expect(() => paddedBatches([[1, 2, 3]], { batchSize: 1, maxLen: 2 })).toThrow(/at most maxLen = 2 items, but example 0 has 3/);
    expect(() => paddedBatches([[1], 'ab' as never], { batchSize: 1 })).toThrow(/`examples\[1\]` to be an array of numbers, but got "ab"/);
    expect(() => paddedBatches([[1, Number.NaN]], { batchSize: 1 })).toThrow(/`examples\[0\]`\[1\] to be a finite number/);
    expect(() => paddedBatches([{ source: [1], target: [2] }, [3]] as never, { batchSize: 1 })).toThrow(/`examples\[1\]` to be a \{ source, target \} pair/);
    expect(() => paddedBatches([[1]], { batchSize: 1, shuffle: true })).toThrow(/`seed`.*when `shuffle` is true/);
    expect(() => paddedBatches([[1]], { batchSize: 1, padTo: 'maxLen' })).toThrow(/`maxLen`.*'maxLen'/);
    expect(() => paddedBatches([[1]], { batchSize: 1, padding: 'left' as never })).toThrow(/`padding` to be one of "pre", "post"/);
    expect(() => paddedBatches([[1]], { batchSize: 1, batch_size: 2 } as never)).toThrow(/Unknown option `batch_size`/);
  });
});

describe('bucketByLength', () => {
  it('groups similar lengths and reports the padding against plain batching', () => {
    const seqs = [[1], [1, 2, 3, 4], [1, 2], [1, 2, 3, 4, 5], [1], [1, 2]];
    const { batches, report } = bucketByLength(seqs, { batchSize: 2 });
    expect(batches.map((b) => b.indices)).toEqual([
      [0, 4],
      [2, 5],
      [1, 3],
    ]);
    expect(report.paddingFraction).toBeCloseTo(1 / 16, 12);
    expect(report.baselinePaddingFraction).toBeCloseTo(7 / 22, 12); // widths 4, 5, 2: 22 cells, 15 tokens
    expect(report.batches).toBe(3);
  });

  it('keeps batches inside boundary buckets', () => {
    const seqs = [[1], [1, 2, 3, 4], [1, 2], [1, 2, 3, 4, 5], [1], [1, 2]];
    const { batches } = bucketByLength(seqs, { batchSize: 4, boundaries: [3] });
    expect(batches.map((b) => b.indices)).toEqual([
      [0, 2, 4, 5],
      [1, 3],
    ]);
    expect(() => bucketByLength(seqs, { batchSize: 4, boundaries: [3, 3] })).toThrow(/strictly increasing/);
    expect(() => bucketByLength(seqs, { batchSize: 4, maxLen: 5, padTo: 'maxLen' })).toThrow(/'longest' for bucketByLength/);
  });
});

describe('charWindows', () => {
  it('splits the stream into contiguous tracks so row j of batch i+1 continues row j of batch i', () => {
    const { batches, trackLength, unused } = charWindows('abcdefghijk', { seqLength: 2, batchSize: 2 });
    expect(trackLength).toBe(5);
    expect(batches).toHaveLength(2);
    expect(batches[0]?.inputs).toEqual([
      ['a', 'b'],
      ['f', 'g'],
    ]);
    expect(batches[0]?.targets).toEqual([
      ['b', 'c'],
      ['g', 'h'],
    ]);
    expect(batches[1]?.inputs).toEqual([
      ['c', 'd'],
      ['h', 'i'],
    ]);
    expect(batches[1]?.targets).toEqual([
      ['d', 'e'],
      ['i', 'j'],
    ]);
    expect(unused).toBe(11 - 8);
  });

  it('keeps continuity on a long id stream', () => {
    const ids = Array.from({ length: 10_007 }, (_, i) => i);
    const { batches, trackLength } = charWindows(ids, { seqLength: 50, batchSize: 8 });
    expect(trackLength).toBe(1250);
    expect(batches).toHaveLength(25);
    for (let i = 0; i + 1 < batches.length; i++) {
      for (let j = 0; j < 8; j++) {
        const row = batches[i]?.inputs[j] as number[];
        const next = batches[i + 1]?.inputs[j] as number[];
        expect(next[0]).toBe((row[49] as number) + 1);
        expect(batches[i]?.targets[j]).toEqual(row.map((v) => v + 1));
      }
    }
  });

  it('counts code points, not UTF-16 units', () => {
    expect(charWindows('a😀bc', { seqLength: 3, batchSize: 1 }).batches[0]?.inputs).toEqual([['a', '😀', 'b']]);
  });

  it('throws for bad sizes and a too-short stream', () => {
    expect(() => charWindows('abc', { seqLength: 0, batchSize: 1 })).toThrow(/`seqLength` to be an integer >= 1, but got 0/);
    expect(() => charWindows('abc', { seqLength: 1, batchSize: 0 })).toThrow(/`batchSize`.*got 0/);
    expect(() => charWindows('abcd', { seqLength: 2, batchSize: 2 })).toThrow(/at least batchSize \* seqLength \+ 1 = 5 items, but got 4/);
  });
});

describeWithData('bucketing the first 30,000 Tatoeba pairs', () => {
  it('cuts the padding fraction of shuffled character-level batches from ~0.33 to under 0.02', async () => {
    const pairs = await readTatoebaPairs(dataFile('fra', { root: dataRoot() }), { limit: 30_000 });
    const ids = (s: string) => [1, ...Array.from(s, (c) => c.codePointAt(0) as number), 2];
    const examples = pairs.map((p) => ({ source: ids(p.source), target: ids(p.target) }));
    const { batches, report } = bucketByLength(examples, { batchSize: 64, shuffle: true, seed: 7 });
    expect(batches).toHaveLength(469);
    expect(report.paddingFraction).toBeCloseTo(0.017218, 5);
    expect(report.baselinePaddingFraction).toBeCloseTo(0.326093, 5);
    expect(report.baselinePaddingFraction).toBeCloseTo(paddingFraction(paddedBatches(examples, { batchSize: 64, shuffle: true, seed: 7 })), 12);
    expect(batches.flatMap((b) => b.indices).sort((a, b) => a - b)).toEqual(examples.map((_, i) => i));
  });
});
