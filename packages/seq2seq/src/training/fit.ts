import type { Seq2Seq } from '../model/seq2seq.js';
import type { Seq2SeqBatchSource } from './seq2seq-batch.js';
import { Trainer } from './trainer.js';
import type { TrainerArgs, TrainingHistory } from './trainer-args.js';

/**
 * Train a model in one call (a {@link Trainer} created, run and disposed).
 *
 * @param model - the {@link Seq2Seq} to train in place.
 * @param data - `{ source, target }` id pairs (targets end with `<eos>`), batches, or a per-epoch batch factory.
 * @param args - {@link TrainerArgs}.
 * @returns the {@link TrainingHistory}.
 * @example
 * ```ts
 * const history = await fit(model, pairs, { epochs: 20, batchSize: 32, learningRate: 5e-3 });
 * ```
 */
export async function fit(model: Seq2Seq, data: Seq2SeqBatchSource, args: TrainerArgs = {}): Promise<TrainingHistory> {
  const trainer = new Trainer(model, args);
  try {
    return await trainer.fit(data);
  } finally {
    trainer.dispose();
  }
}
