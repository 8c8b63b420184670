import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReferenceGroup } from '@rnn/data';
import { bleu } from '@rnn/metrics';
import { scoreBleu } from '../src/evaluation.js';
import { lengthBuckets, nltkReferences, sacreStreams } from '../src/references.js';

const here = dirname(fileURLToPath(import.meta.url));
// Written by test/fixtures/gen_grouped_bleu.py with NLTK 3.8.
const fixture = JSON.parse(readFileSync(join(here, 'fixtures', 'grouped_bleu.json'), 'utf8')) as {
  groups: ReferenceGroup[];
  hypotheses: string[];
  bleu4_all_references: number;
  bleu4_first_reference_only: number;
};

describe('BLEU over every reference of a source', () => {
  it('equals NLTK corpus_bleu with all French translations of each English source as references', () => {
    expect(scoreBleu(fixture.groups, fixture.hypotheses).bleu4).toBeCloseTo(fixture.bleu4_all_references, 12);
    // Scoring against one reference only would under-report (the mistake the grouping avoids).
    const firstOnly = fixture.groups.map((g) => ({ ...g, targets: g.targets.slice(0, 1) }));
    expect(scoreBleu(firstOnly, fixture.hypotheses).bleu4).toBeCloseTo(fixture.bleu4_first_reference_only, 12);
    expect(fixture.bleu4_all_references).toBeGreaterThan(fixture.bleu4_first_reference_only);
  });

  it('nltkReferences keeps every target of each group as a token list', () => {
    expect(nltkReferences([{ source: 'i m cold .', targets: ['j ai froid .', 'je suis gele .'] }])).toEqual([
      [
        ['j', 'ai', 'froid', '.'],
        ['je', 'suis', 'gele', '.'],
      ],
    ]);
  });

  it('sacreStreams pads short groups with their first reference, which scores like skipping (not like an empty reference)', () => {
    const groups: ReferenceGroup[] = [
      { source: 'a', targets: ['il fait froid ici .', 'j ai froid .'] },
      { source: 'b', targets: ['il est grand .'] },
    ];
    const streams = sacreStreams(groups);
    expect(streams).toEqual([
      ['il fait froid ici .', 'il est grand .'],
      ['j ai froid .', 'il est grand .'],
    ]);
    const hyps = ['j ai froid .', 'il'];
    const padded = bleu(hyps, streams);
    expect(padded.signature).toMatch(/^nrefs:2\|/);
    // Segment a: closest of 5 and 4 tokens to 4 is 4; segment b: its only reference has 4 tokens.
    expect(padded.refLen).toBe(8);
    // sacreBLEU skips a missing (None) reference; padding with '' instead would make the 1-token
    // hypothesis "il" closest to a 0-token reference and drop the brevity penalty's reference length.
    const emptyPad = bleu(hyps, [streams[0]!, ['j ai froid .', '']]);
    expect(emptyPad.refLen).toBe(4);
  });

  it('sacreStreams rejects a group without references', () => {
    expect(() => sacreStreams([{ source: 'x', targets: [] }])).toThrow(/group 0 \("x"\) has none/);
  });
});

describe('lengthBuckets', () => {
  it('groups by source length with upper-inclusive boundaries and drops empty buckets', () => {
    expect(lengthBuckets([2, 4, 9, 3, 5], [3, 4, 5, 6])).toEqual([
      { label: '1-3', indices: [0, 3] },
      { label: '4', indices: [1] },
      { label: '5', indices: [4] },
      { label: '7+', indices: [2] },
    ]);
  });
});
