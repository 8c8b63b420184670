/**
 * Thrown by training (with `checkGradients: true`, or always with `clipNorm`) when a batch's loss is
 * finite but its gradients are not: their global L2 norm is NaN or ±Infinity. Nothing is applied for that
 * batch, so the weights are those after the previous step. Names the global step, the epoch and the batch.
 *
 * @example
 * ```ts
 * try { await trainer.fit(data); } catch (e) { if (e instanceof NonFiniteGradientError) console.log(e.step, e.gradNorm); }
 * ```
 */
export class NonFiniteGradientError extends Error {
  override readonly name: string = 'NonFiniteGradientError';
  /**
   * @param step - global optimizer step (0-based) whose gradients were not finite.
   * @param epoch - epoch (0-based).
   * @param batch - batch index within the epoch (0-based).
   * @param gradNorm - the global gradient norm (NaN or ±Infinity).
   */
  constructor(
    readonly step: number,
    readonly epoch: number,
    readonly batch: number,
    readonly gradNorm: number,
  ) {
    super(
      `Gradient norm became ${gradNorm} at step ${step} (epoch ${epoch}, batch ${batch}) with a finite loss; stopped before applying that update. Try a lower learningRate or clipValue.`,
    );
  }
}
