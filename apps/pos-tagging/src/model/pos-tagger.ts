import { join } from 'node:path';
import { FileFormatError, readJsonFile, writeJsonAtomic } from '@rnn/core/node';
import { bucketByLength } from '@rnn/data';
import { bidirectional, fileSystem, gru, registerLayers } from '@rnn/layers/node';
import { SparseCategoricalAccuracy } from '@rnn/metrics';
import * as tf from '@tensorflow/tfjs';
import { TaggingVocabularies, type TaggingVocabulariesJson } from '../data/tagging-vocabularies.js';
import { withoutOrthogonalWarning } from './quiet-warnings.js';

/**
 * The architecture sizes of a {@link PosTagger}.
 *
 * @example
 * ```ts
 * PosTagger.create(vocabs, { embeddingDim: 128, dropout: 0.25, units: 256, inputLength: 271 });
 * ```
 */
export interface PosTaggerArgs {
  embeddingDim: number;
  dropout: number;
  /** GRU units per direction. */
  units: number;
  /** Fixed input length (`pad-to-max` batching), or `null` for any length (bucketed batches). */
  inputLength: number | null;
  /**
   * Seed of every weight initialiser (embedding `seed`, GRU `seed + 1…`, dense `seed + 100`), so the same seed
   * builds the same weights. Default: unseeded. (Dropout masks follow `Math.random`, which the CLI seeds.)
   */
  seed?: number;
}

/**
 * What {@link PosTagger.predict} returns.
 *
 * @example
 * ```ts
 * const { tags, maskedAccuracy }: TaggerPredictions = tagger.predict(words, gold);
 * ```
 */
export interface TaggerPredictions {
  /** Predicted tag names per sentence. */
  tags: string[][];
  /** Masked accuracy over every real token (@rnn/metrics `SparseCategoricalAccuracy`, label 0 = padding skipped); NaN without gold tags. */
  maskedAccuracy: number;
}

/**
 * The POS tagger: Embedding (`maskZero`) → Dropout → Bidirectional(GRU, `returnSequences`) → Dense
 * softmax over the tag vocabulary, on @rnn/layers' fused `gru` and `bidirectional` (Keras 3
 * semantics). Padding is `post`; the mask from the embedding makes both GRU directions skip it.
 *
 * @example
 * ```ts
 * const tagger = PosTagger.create(vocabs, { embeddingDim: 64, dropout: 0.25, units: 64, inputLength: null });
 * tagger.predict([['The', 'cat', 'sat']]).tags; // [['DT', 'NN', 'VBD']] after training
 * tagger.dispose();
 * ```
 */
export class PosTagger {
  private constructor(
    readonly model: tf.LayersModel,
    readonly vocabs: TaggingVocabularies,
  ) {}

  /** A fresh, untrained tagger for `vocabs`. */
  static create(vocabs: TaggingVocabularies, args: PosTaggerArgs): PosTagger {
    const model = withoutOrthogonalWarning(() =>
      tf.sequential({
        layers: [
          tf.layers.embedding({
            inputDim: vocabs.words.size,
            outputDim: args.embeddingDim,
            maskZero: true,
            inputShape: [args.inputLength],
            embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: args.seed }),
          }),
          tf.layers.dropout({ rate: args.dropout }),
          bidirectional({ layer: gru({ units: args.units, returnSequences: true, ...(args.seed === undefined ? {} : { seed: args.seed + 1 }) }) }),
          tf.layers.dense({
            units: vocabs.numClasses,
            activation: 'softmax',
            kernelInitializer: tf.initializers.glorotUniform({ seed: args.seed === undefined ? undefined : args.seed + 100 }),
          }),
        ],
      }),
    );
    return new PosTagger(model, vocabs);
  }

  /** Load a tagger saved with {@link PosTagger.save}. */
  static async load(dir: string): Promise<PosTagger> {
    registerLayers();
    const vocabs = TaggingVocabularies.fromJSON(readJsonFile<TaggingVocabulariesJson>(join(dir, 'vocabularies.json'), 'tagger vocabularies'));
    const model = await withoutOrthogonalWarning(() => tf.loadLayersModel(fileSystem(join(dir, 'keras'))));
    const classes = (model.outputs[0]?.shape ?? []).at(-1);
    if (classes !== vocabs.numClasses) {
      model.dispose();
      throw new FileFormatError(`Expected the tagger in ${dir} to have ${vocabs.numClasses} output classes, but it has ${String(classes)}.`);
    }
    return new PosTagger(model, vocabs);
  }

  /** Save the Keras-format model (`keras/`) and the vocabularies (`vocabularies.json`) into `dir`. */
  async save(dir: string): Promise<void> {
    await this.model.save(fileSystem(join(dir, 'keras')));
    writeJsonAtomic(join(dir, 'vocabularies.json'), this.vocabs.toJSON());
  }

  /** Fixed input length of the model, or null. */
  get inputLength(): number | null {
    return (this.model.inputs[0]?.shape[1] as number | null | undefined) ?? null;
  }

  /**
   * Tag sentences (batched by length; sentences longer than a fixed input length are tagged in
   * chunks). With `gold`, also the masked accuracy over all real tokens. Argmax runs over the real tags
   * only (never `<pad>`/`<unk>`).
   */
  predict(sentences: readonly (readonly string[])[], gold?: readonly (readonly string[])[], batchSize = 128): TaggerPredictions {
    const fixed = this.inputLength;
    // Cut into pieces of at most `fixed` tokens (a no-op for the corpus, whose longest sentence is 271).
    const pieces: { sent: number; start: number; words: string[] }[] = [];
    sentences.forEach((words, sent) => {
      const step = fixed ?? Math.max(words.length, 1);
      for (let start = 0; start < Math.max(words.length, 1); start += step) pieces.push({ sent, start, words: words.slice(start, start + step) });
    });
    const ids = pieces.map((p) => this.vocabs.encodeWords(p.words));
    const goldIds = gold ? pieces.map((p) => this.vocabs.encodeTags((gold[p.sent] ?? []).slice(p.start, p.start + p.words.length))) : null;
    const out: string[][] = sentences.map((s) => new Array<string>(s.length).fill(''));
    const metric = new SparseCategoricalAccuracy({ maskValue: this.vocabs.tags.padId });
    const first = this.vocabs.firstTagId;
    const nonEmpty = ids.map((_, i) => i).filter((i) => (ids[i] as number[]).length > 0);
    const { batches } = bucketByLength(
      nonEmpty.map((i) => ids[i] as number[]),
      { batchSize, padTo: 'longest', padding: 'post' },
    );
    for (const b of batches) {
      const rows = b.indices.map((k) => nonEmpty[k] as number);
      let width = b.inputs.width;
      if (fixed !== null) width = fixed;
      const x = tf.tensor2d(
        b.inputs.values.map((r) => [...r, ...new Array<number>(width - r.length).fill(0)]),
        [rows.length, width],
        'int32',
      );
      const scores = tf.tidy(() => {
        const probs = this.model.predict(x) as tf.Tensor3D;
        const classes = probs.shape[2];
        const real = tf.concat([tf.zeros([first]), tf.ones([classes - first])]);
        return tf.mul(probs, real) as tf.Tensor3D;
      });
      const argmax = tf.argMax(scores, -1);
      const predicted = argmax.arraySync() as number[][];
      if (goldIds) {
        const labels = rows.map((r) => {
          const g = goldIds[r] as number[];
          return [...g, ...new Array<number>(width - g.length).fill(0)];
        });
        const y = tf.tensor2d(labels, [rows.length, width], 'int32');
        metric.update(y, scores);
        y.dispose();
      }
      tf.dispose([x, scores, argmax]);
      rows.forEach((r, k) => {
        const p = pieces[r] as { sent: number; start: number; words: string[] };
        const names = this.vocabs.tagNames((predicted[k] as number[]).slice(0, p.words.length));
        const target = out[p.sent] as string[];
        names.forEach((t, j) => {
          target[p.start + j] = t;
        });
      });
    }
    return { tags: out, maskedAccuracy: gold ? metric.result() : Number.NaN };
  }

  dispose(): void {
    this.model.dispose();
  }
}
