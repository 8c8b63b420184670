import { defineCommand, UsageError } from '@rnn/app-kit';
import { loadTagger } from '../bundle.js';

/**
 * `tag <sentence...>`: tag whitespace-tokenized sentences (Penn Treebank tokens: `do n't`, `cat 's`,
 * punctuation apart) and print `word/TAG` per token, one sentence per line.
 *
 * @example
 * ```ts
 * await createCli().run(['tag', 'The cat sat on the mat .']); // The/DT cat/NN …
 * ```
 */
export const tag = defineCommand({
  description: 'tag sentences (whitespace-separated Penn Treebank tokens) and print word/TAG',
  args: [{ name: 'sentence', description: 'sentences to tag, e.g. "The cat sat on the mat ."', variadic: true }],
  options: { markUnknown: { kind: 'boolean', description: 'append * to words not in the training vocabulary', default: false } },
  async action(opts, ctx) {
    const sentences = ctx.args.map((a) => a.split(/\s+/).filter((w) => w.length > 0));
    if (sentences.length === 0 || sentences.some((s) => s.length === 0)) {
      throw new UsageError('Expected at least one non-empty sentence to tag, e.g. tag "The cat sat on the mat .", but got none.');
    }
    const { tagger } = await loadTagger(ctx);
    try {
      const { tags } = tagger.predict(sentences);
      sentences.forEach((words, i) => {
        const t = tags[i] as string[];
        ctx.stdout.write(`${words.map((w, j) => `${w}${opts.markUnknown && !tagger.vocabs.isKnown(w) ? '*' : ''}/${t[j]}`).join(' ')}\n`);
      });
    } finally {
      tagger.dispose();
    }
  },
});
