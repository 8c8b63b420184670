import type { Translator } from '@rnn/seq2seq';

export const TEST_BUNDLE: { pairs: number; units: number; embeddingDim: number; seed: number };
export function dataRoot(): string;
export function makeTestBundle(outDir: string, options?: { backend?: 'wasm' | 'cpu' }): Promise<Translator>;
