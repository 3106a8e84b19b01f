// Losses over a shard's outputs, and ∂C/∂z of the output layer, scaled for the whole minibatch.

import type { Storage } from '../tensor/dtype.js';
import { type ActivationName, activation } from '../ops/activations.js';
import type { LossName } from '../calculus/losses.js';
import { bindCountHits } from '../kernels/count-hits.js';
import { bindSoftmaxCrossEntropy } from '../kernels/softmax-cross-entropy.js';

/** What one shard contributes to a minibatch's loss and accuracy. */
export interface ShardLoss {
  /** Σ over the shard's samples of each sample's loss (divide by the batch size for the mean). */
  lossSum: number;
  /** Samples whose largest output is at their label. */
  correct: number;
}

/** The output layer's loss bound to its buffers, labels and sizes (bindLossGradient); each call names the minibatch's size. */
export type BoundLoss = (batchSize: number) => ShardLoss;

/** Throws unless the loss can follow this output activation. */
export function checkLossOutput(loss: LossName, output: ActivationName): void {
  if (loss === 'cross-entropy' && output !== 'softmax') {
    throw new RangeError(`--loss cross-entropy is softmax cross-entropy and needs --output softmax (got --output ${output})`);
  }
}

/**
 * Binds the output layer's loss to its buffers, labels and sizes; each call of the result writes
 * g = ∂C/∂z for `rows` samples and returns their loss sum. The kernels (softmax cross-entropy, the
 * hit count) are picked once, here. C is the mean over the `batchSize` samples of the minibatch
 * (not of this shard), so the minibatch gradient is the plain sum of its shards' gradients
 * (MATH.md, identity 9).
 * - mse: C_n = (1/J)·Σ_j (a−y)², ∂C/∂a = 2(a−y)/(J·B)
 * - sse: C_n = ½·Σ_j (a−y)², ∂C/∂a = (a−y)/B (the blog's a − y)
 * - cross-entropy: C_n = −log s_y = logsumexp(z) − z_y, fused with softmax: ∂C/∂z = (s − y)/B
 */
export function bindLossGradient(
  loss: LossName,
  output: ActivationName,
  z: Storage,
  a: Storage,
  labels: Int32Array,
  labelOffset: number,
  g: Storage,
  rows: number,
  width: number,
): BoundLoss {
  const hits = bindCountHits(a, labels, labelOffset, rows, width);
  if (loss === 'cross-entropy') {
    const crossEntropy = bindSoftmaxCrossEntropy(z, a, labels, labelOffset, g, rows, width);
    return (batchSize) => {
      const correct = hits();
      return { lossSum: crossEntropy(1 / batchSize), correct };
    };
  }
  const meanOver = loss === 'mse' ? 1 / width : 0.5;
  const throughOutput = activation(output).bindBackward(z, a, g, g, rows, width);
  return (batchSize) => {
    const correct = hits();
    const scale = 1 / batchSize;
    const slope = loss === 'mse' ? (2 / width) * scale : scale;
    let lossSum = 0;
    for (let r = 0, row = 0; r < rows; r++, row += width) {
      const label = labels[labelOffset + r];
      for (let i = row; i < row + width; i++) {
        const d = a[i] - (i - row === label ? 1 : 0);
        lossSum += meanOver * d * d;
        g[i] = slope * d;
      }
    }
    throughOutput();
    return { lossSum, correct };
  };
}
