import { setupBackend } from '@rnn/core/node';
import * as tf from '@tensorflow/tfjs';
import { exactMatchAccuracy } from '../src/exact-match.js';
import { allLength3Strings, TINY_PARAM_COUNT, TinyReverser, type TinyWeights } from '../src/tiny/tiny-reverser.js';
import { tinyAccuracy, trainTiny } from '../src/tiny/train-tiny.js';

beforeAll(async () => {
  await setupBackend({ backend: 'wasm' });
});

const zeros = (r: number, c: number) => Array.from({ length: r }, () => new Array<number>(c).fill(0));
const eye = (r: number, c: number) => zeros(r, c).map((row, i) => row.map((_, j) => (i === j ? 1 : 0)));

/** Encoder copies the last letter's one-hot into h[0..2]; decoder keeps h; Dense reads h[0..2]: outputs the last letter 3 times. */
function lastLetterModel(): TinyReverser {
  const w: TinyWeights = {
    encKernel: eye(3, 5),
    encRecurrent: zeros(5, 5),
    encBias: [0, 0, 0, 0, 0],
    decKernel: zeros(3, 5),
    decRecurrent: eye(5, 5),
    decBias: [0, 0, 0, 0, 0],
    denseKernel: eye(5, 3),
    denseBias: [0, 0, 0],
  };
  return TinyReverser.fromJSON(w);
}

describe('TinyReverser', () => {
  it('has exactly 108 trainable parameters: encoder 45, decoder 45, Dense(3) 18', () => {
    const m = TinyReverser.create(42);
    expect(m.countParams()).toBe(108);
    expect(TINY_PARAM_COUNT).toBe(108);
    const w = m.toJSON();
    const size = (k: keyof TinyWeights) => (w[k] as (number | number[])[]).flat().length;
    expect(size('encKernel') + size('encRecurrent') + size('encBias')).toBe(3 * 5 + 5 * 5 + 5);
    expect(size('decKernel') + size('decRecurrent') + size('decBias')).toBe(45);
    expect(size('denseKernel') + size('denseBias')).toBe(5 * 3 + 3);
    expect(m.trainableVariables.map((v) => v.shape)).toEqual([[3, 5], [5, 5], [5], [3, 5], [5, 5], [5], [5, 3], [3]]);
    m.dispose();
  });

  it('rejects weights of the wrong shape with a FileFormatError naming the weight', () => {
    const w = lastLetterModel().toJSON();
    expect(() => TinyReverser.fromJSON({ ...w, denseBias: [0, 0, 0, 0] })).toThrow(/`denseBias` of shape \[3\], but got \[4\]/);
    expect(() => TinyReverser.fromJSON({ encKernel: [] })).toThrow(/Expected tiny model weights with fields encKernel/);
  });

  it('prints the exact walk-through trace of a hand-set model', () => {
    const m = lastLetterModel();
    expect(m.explain('abc')).toBe(
      [
        'encoder (SimpleRNN, 5 ReLU units; h0 = 0):',
        '  t=1 x=a [1 0 0]  h=[ 1.00  0.00  0.00  0.00  0.00]',
        '  t=2 x=b [0 1 0]  h=[ 0.00  1.00  0.00  0.00  0.00]',
        '  t=3 x=c [0 0 1]  h=[ 0.00  0.00  1.00  0.00  0.00]',
        "decoder (starts from the encoder's final state, first input = zeros):",
        '  t=1 in=0 [0 0 0]  h=[ 0.00  0.00  1.00  0.00  0.00]  p(a,b,c)=[ 0.212  0.212  0.576]  -> c',
        '  t=2 in=c [0 0 1]  h=[ 0.00  0.00  1.00  0.00  0.00]  p(a,b,c)=[ 0.212  0.212  0.576]  -> c',
        '  t=3 in=c [0 0 1]  h=[ 0.00  0.00  1.00  0.00  0.00]  p(a,b,c)=[ 0.212  0.212  0.576]  -> c',
        'output: ccc (expected cba: wrong)',
      ].join('\n'),
    );
    m.dispose();
  });

  it('traces every step of a random model: one line per encoder and decoder step, distributions summing to 1', () => {
    const m = TinyReverser.create(7);
    const before = tf.memory().numTensors;
    const lines = m.explain('bca').split('\n');
    expect(tf.memory().numTensors).toBe(before);
    expect(lines).toHaveLength(9);
    const vec = (n: number, digits: number) => String.raw`\[${Array(n).fill(String.raw`\s*\d+\.\d{${digits}}`).join(' ')}\]`;
    const oneHot = String.raw`\[[01] [01] [01]\]`;
    expect(lines[0]).toBe('encoder (SimpleRNN, 5 ReLU units; h0 = 0):');
    for (const [i, ch] of ['b', 'c', 'a'].entries()) expect(lines[1 + i]).toMatch(new RegExp(`^  t=${i + 1} x=${ch} ${oneHot}  h=${vec(5, 2)}$`));
    expect(lines[2]).toContain('x=c [0 0 1]');
    for (let t = 0; t < 3; t++) {
      const line = lines[5 + t] as string;
      expect(line).toMatch(new RegExp(`^  t=${t + 1} in=[0abc] ${oneHot}  h=${vec(5, 2)}  p\\(a,b,c\\)=${vec(3, 3)}  -> [abc]$`));
      const probs = (line.split('p(a,b,c)=[')[1] as string).split(']')[0]!.trim().split(/\s+/).map(Number);
      expect(probs.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 2);
      // ReLU: hidden states are never negative; the first decoder input is all zeros.
      expect((line.split('h=[')[1] as string).split(']')[0]).not.toMatch(/-/);
      if (t === 0) expect(line).toContain('in=0 [0 0 0]');
    }
    expect(lines[8]).toMatch(/^output: [abc]{3} \(expected acb: (correct|wrong)\)$/);
    m.dispose();
  });

  it('rejects letters outside {a, b, c}', () => {
    const m = lastLetterModel();
    expect(() => m.reverse(['abd'])).toThrow(/Expected a string over \{a, b, c\}, but got "abd"/);
    m.dispose();
  });
});

describe('exact-match accuracy on the 27 length-3 strings', () => {
  it('enumerates the 27 strings once each', () => {
    const s = allLength3Strings();
    expect(s).toHaveLength(27);
    expect(new Set(s).size).toBe(27);
    expect(s[0]).toBe('aaa');
    expect(s[26]).toBe('ccc');
  });

  it('counts whole strings only', () => {
    expect(exactMatchAccuracy(['abc', 'aab', 'ccc'], ['cba', 'aba', 'ccb'])).toBeCloseTo(1 / 3, 12);
    expect(() => exactMatchAccuracy(['abc'], [])).toThrow(/as many predictions as inputs/);
  });

  it('gives 3/27 to a model that repeats the last letter (right only for aaa, bbb, ccc)', () => {
    const m = lastLetterModel();
    const out = m.reverse(allLength3Strings());
    expect(out.slice(0, 3)).toEqual(['aaa', 'bbb', 'ccc']);
    expect(tinyAccuracy(m)).toBeCloseTo(3 / 27, 12);
    m.dispose();
  });

  it('trains to 27/27 with BPTT (teacher forcing, then free-running) without leaking tensors', () => {
    const before = tf.memory().numTensors;
    const phases = new Set<string>();
    const r = trainTiny({ seed: 42, teacherForcingSteps: 100, freeRunningSteps: 50, learningRate: 0.02, logEvery: 50, onLog: (_s, p) => phases.add(p) });
    expect([...phases]).toEqual(['teacher-forcing', 'free-running']);
    expect(r.accuracy).toBe(1);
    expect(r.loss).toBeLessThan(0.05);
    expect(r.model.reverse(['abc', 'aab', 'cab'])).toEqual(['cba', 'baa', 'bac']);
    r.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
