import type { Logger } from '@rnn/app-kit';
import type { TaggerEvaluation } from '../eval/evaluate-tagger.js';

const pct = (x: number): string => (Number.isFinite(x) ? `${(100 * x).toFixed(2)}%` : 'n/a');

/**
 * Print the test figures of a tagger beside the baseline's, then per-tag F1.
 *
 * @example
 * ```ts
 * printScores(ctx.logger, evaluateTagger(tagger, train, test), 'test');
 * ```
 */
export function printScores(logger: Logger, ev: TaggerEvaluation, setName: string): void {
  const m = ev.model;
  const b = ev.baseline;
  const row = (name: string, a: string, c: string) => `${name.padEnd(36)}${a.padStart(10)}${c.padStart(12)}`;
  logger.info(
    [
      `${setName}: ${ev.predictions.length} sentences, ${m.tokens} tokens (${m.tokens - m.tokensWithoutNone} -NONE-, ${m.oovTokens} OOV)`,
      row('', 'BiGRU', 'baseline'),
      row('masked accuracy (the score)', pct(ev.maskedAccuracy), pct(b.accuracy)),
      row('accuracy without -NONE-', pct(m.accuracyWithoutNone), pct(b.accuracyWithoutNone)),
      row('OOV-word accuracy', pct(m.oovAccuracy), pct(b.oovAccuracy)),
      row('in-vocabulary accuracy', pct(m.knownAccuracy), pct(b.knownAccuracy)),
      row('sentences fully right', pct(m.sentenceAccuracy), pct(b.sentenceAccuracy)),
      row('macro F1 over tags', m.macroF1.toFixed(4), b.macroF1.toFixed(4)),
      'per-tag F1 (support): ' +
        m.perTag
          .filter((t) => t.support > 0)
          .map((t) => `${t.tag} ${t.f1.toFixed(3)} (${t.support})`)
          .join(', '),
    ].join('\n'),
  );
}
