/**
 * Thrown by training when a batch's loss is NaN or ±Infinity. Nothing is applied for that batch, so the
 * weights are those after the previous step. Names the global step, the epoch and the batch index.
 *
 * @example
 * ```ts
 * try { await trainer.fit(data); } catch (e) { if (e instanceof NonFiniteLossError) console.log(e.step, e.batch); }
 * ```
 */
export class NonFiniteLossError extends Error {
  override readonly name: string = 'NonFiniteLossError';
  /**
   * @param step - global optimizer step (0-based) at which the loss was not finite.
   * @param epoch - epoch (0-based).
   * @param batch - batch index within the epoch (0-based).
   * @param loss - the loss value (NaN or ±Infinity).
   */
  constructor(
    readonly step: number,
    readonly epoch: number,
    readonly batch: number,
    readonly loss: number,
  ) {
    super(
      `Training loss became ${loss} at step ${step} (epoch ${epoch}, batch ${batch}); stopped before applying that update. Try a lower learningRate or clipNorm.`,
    );
  }
}
