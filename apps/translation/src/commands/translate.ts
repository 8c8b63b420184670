import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { defineCommand } from '@rnn/app-kit';
import { loadTranslation, withDecoding } from '../bundle.js';
import { DECODING_OPTIONS } from './options.js';

/** Non-empty lines of a stream. */
export async function readLines(stream: Readable): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY })) {
    if (line.trim() !== '') lines.push(line);
  }
  return lines;
}

/**
 * `translate "I am cold."`: English sentences from the arguments, or from `stdin` one per line when there
 * are none; prints one French translation per line (beam 5 by default).
 */
export function translateCommand(stdin: () => Readable) {
  return defineCommand({
    description: 'translate English sentences (arguments, or stdin one per line) with a trained run',
    args: [{ name: 'text', description: 'English sentences (default: read stdin, one per line)', variadic: true, required: false }],
    options: { ...DECODING_OPTIONS, beam: { ...DECODING_OPTIONS.beam, description: 'beam width (1 = greedy decoding)', default: 5 } },
    async action(opts, ctx) {
      const texts = ctx.args.length > 0 ? [...ctx.args] : await readLines(stdin());
      const { translator } = await loadTranslation(ctx);
      try {
        const t = withDecoding(translator, opts.beam, opts.lengthPenalty, 30, opts.keepUnk);
        for (let i = 0; i < texts.length; i += 64) {
          for (const line of t.translate(texts.slice(i, i + 64))) ctx.stdout.write(`${line}\n`);
        }
      } finally {
        translator.dispose();
      }
    },
  });
}
