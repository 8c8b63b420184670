import { describeValue, ShapeError, ValueError } from '@rnn/core';
import type { BatchExample, PaddedSequences, PaddingSide, PadTo, Sequence, SequencePair, TruncatingMode } from './batch-types.js';

// Internal helpers shared by paddedBatches and bucketByLength.

export function isPair(x: BatchExample): x is SequencePair {
  return !Array.isArray(x) && typeof x === 'object' && x !== null && 'source' in x && 'target' in x;
}

function checkSequence(seq: unknown, where: string): void {
  if (!Array.isArray(seq)) {
    throw new ValueError(`Expected ${where} to be an array of numbers, but got ${describeValue(seq)}.`);
  }
  for (let i = 0; i < seq.length; i++) {
    const v = seq[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new ValueError(`Expected ${where}[${i}] to be a finite number, but got ${describeValue(v)}.`);
    }
  }
}

/** Validate the examples and say whether they are pairs (all of one kind). */
export function exampleKind(examples: readonly BatchExample[]): 'sequence' | 'pair' {
  if (!Array.isArray(examples)) {
    throw new ValueError(`Expected \`examples\` to be an array, but got ${describeValue(examples)}.`);
  }
  const first = examples[0];
  const kind = first !== undefined && isPair(first) ? 'pair' : 'sequence';
  examples.forEach((ex, i) => {
    if (kind === 'pair') {
      if (!isPair(ex)) {
        throw new ValueError(`Expected \`examples[${i}]\` to be a { source, target } pair like examples[0], but got ${describeValue(ex)}.`);
      }
      checkSequence(ex.source, `\`examples[${i}].source\``);
      checkSequence(ex.target, `\`examples[${i}].target\``);
    } else {
      checkSequence(ex, `\`examples[${i}]\``);
    }
  });
  return kind;
}

export interface PadArgs {
  padValue: number;
  maxLen: number | undefined;
  padTo: PadTo;
  padding: PaddingSide;
  truncating: TruncatingMode;
}

/** Pad the rows `indices` of `seqs` into one rectangle. */
export function padRows(seqs: (i: number) => Sequence, indices: readonly number[], o: PadArgs, where: string): PaddedSequences {
  const rows: Sequence[] = indices.map((i) => {
    const s = seqs(i);
    if (o.maxLen === undefined || s.length <= o.maxLen) return s;
    if (o.truncating === 'error') {
      throw new ShapeError(
        `Expected every ${where} to have at most maxLen = ${o.maxLen} items, but example ${i} has ${s.length}; pass truncating: 'pre' or 'post' to cut it.`,
      );
    }
    return o.truncating === 'pre' ? s.slice(s.length - o.maxLen) : s.slice(0, o.maxLen);
  });
  const lengths = rows.map((r) => r.length);
  const width = o.padTo === 'maxLen' ? (o.maxLen as number) : Math.max(0, ...lengths);
  const values = rows.map((r) => {
    const pad = new Array<number>(width - r.length).fill(o.padValue);
    return o.padding === 'post' ? [...r, ...pad] : [...pad, ...r];
  });
  return { values, lengths, width };
}
