import { UsageError } from '@rnn/app-kit';
import { describeValue } from '@rnn/core';

/** Which model(s) `train` trains. */
export type Part = 'tiny' | 'gru' | 'both';
/** Every {@link Part}. */
export const PARTS: readonly Part[] = ['tiny', 'gru', 'both'];

/** `--explain` takes a non-empty string over {a, b, c}. */
export function checkExplainText(text: string): string {
  if (!/^[abc]+$/.test(text)) throw new UsageError(`Expected \`--explain\` to be a non-empty string over {a, b, c}, but got ${describeValue(text)}.`);
  return text;
}
