import * as tf from '@tensorflow/tfjs';

/** Inputs of {@link projectedTokenLoss}. */
export interface ProjectedTokenLossInputs {
  /** Decoder features `[n, d]` (one row per target position). */
  features: tf.Tensor2D;
  /** Output kernel `[d, vocab]`, or with `transposedKernel` the tied embedding `[vocab, d]`. */
  kernel: tf.Tensor2D;
  /** Output bias `[vocab]`. */
  bias: tf.Tensor1D;
  /** int32 `[n]` gold ids; `0` (padding) adds nothing to the loss or the token count. */
  labels: tf.Tensor1D;
  /** The kernel is stored `[vocab, d]` (tied embeddings): logits = features · kernelᵀ + bias. */
  transposedKernel: boolean;
}

/**
 * Output projection and masked token cross-entropy as ONE differentiable op:
 * `mean over real tokens of (logsumexp(logits) − logits[label])`, `logits = features·W + b`.
 * Equal to @rnn/metrics' `maskedSparseCategoricalCrossentropy(labels, logits, { fromLogits: true })`.
 *
 * Why: the `[n, vocab]` logits dominate a seq2seq training step (vocab 3000, n = 1024: 3 GFLOP of matmuls and
 * ~15 full passes over 3M elements when taped op by op: log-softmax, one-hot product, their gradients, a column
 * sum for the bias gradient that tfjs-wasm runs as transpose + reduce). Here the forward pass runs one softmax
 * kernel, keeps its output for the backward pass, and picks the gold logits by a flat gather; the backward
 * pass forms `(softmax − onehot)·weight` in two passes and gets the weight and bias gradients from the same packed right operand
 * (`[featuresᵀ; 1ᵀ] · dlogits`), so XNNPACK packs `dlogits` once.
 */
export function projectedTokenLoss(inputs: ProjectedTokenLossInputs): tf.Scalar {
  const { features, kernel, bias, labels, transposedKernel } = inputs;
  const [n] = features.shape;
  const vocab = bias.shape[0];
  return tf.tidy(() => {
    const labelsInt = tf.cast(labels, 'int32') as tf.Tensor1D;
    const weights = tf.cast(tf.notEqual(labelsInt, 0), 'float32') as tf.Tensor1D;
    const count = tf.maximum(tf.sum(weights), 1);
    const scale = tf.div(weights, count) as tf.Tensor1D; // d loss / d nll_i
    const rows = tf.range(0, n, 1, 'int32');
    const flatIndex = tf.add(tf.mul(rows, tf.scalar(vocab, 'int32')), labelsInt) as tf.Tensor1D;
    const rowCol = tf.stack([rows, labelsInt], 1) as tf.Tensor2D; // [n, 2] (row, gold id)
    const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const [x, w, b, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
      const logits = tf.fused.matMul({ a: x, b: w, transposeB: transposedKernel, bias: b }) as tf.Tensor2D;
      // One softmax kernel (XNNPACK's vectorised one on wasm) instead of max, subtract, exp and sum passes. The
      // log-sum-exp comes from the largest probability: p_max = exp(max − lse), so lse = max − log(p_max); p_max ≥
      // 1/vocab never underflows, unlike p[label] could.
      const p = tf.softmax(logits); // kept for the backward pass
      const max = tf.max(logits, 1) as tf.Tensor1D;
      const lse = tf.sub(max, tf.log(tf.max(p, 1)));
      const picked = tf.gather(tf.reshape(logits, [-1]), flatIndex);
      const value = tf.sum(tf.mul(tf.sub(lse, picked), scale)) as tf.Scalar;
      // Everything the backward pass reads must be saved: this function's tidy disposes the rest.
      save([x, w, p, rowCol, scale]);
      const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, sw, sp, sRowCol, sScale] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
        const g = tf.mul(sScale, dy) as tf.Tensor1D; // d value / d nll_i
        // dlogits = softmax·g − onehot·g = p·g − scatter(g at the gold ids)
        const gold = tf.scatterND(sRowCol, g, [n, vocab]);
        const dLogits = tf.sub(tf.mul(sp, tf.reshape(g, [n, 1])), gold) as tf.Tensor2D;
        const dx = tf.matMul(dLogits, sw, false, !transposedKernel);
        // [xᵀ; 1ᵀ] · dLogits: weight-gradient rows then the bias gradient, one product.
        const xt1 = tf.concat([tf.transpose(sx), tf.ones([1, n])], 0) as tf.Tensor2D;
        const both = tf.matMul(xt1, dLogits);
        const d = sx.shape[1];
        const dwRows = tf.slice(both, [0, 0], [d, vocab]);
        const db = tf.reshape(tf.slice(both, [d, 0], [1, vocab]), [vocab]);
        const dw = transposedKernel ? tf.transpose(dwRows) : dwRows;
        return [dx, dw, db];
      };
      return { value, gradFunc };
    });
    return op(features, kernel, bias) as tf.Scalar;
  });
}
