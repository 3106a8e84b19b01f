// Losses over a shard's outputs, and ∂C/∂z of the output layer, scaled for the whole minibatch.

import type { Storage } from '../tensor/dtype.js';
import type { ActivationName, LossName } from '../train/config.js';
import { activationBackward } from './activation.js';

/** What one shard contributes to a minibatch's loss and accuracy. */
export interface ShardLoss {
  /** Σ over the shard's samples of each sample's loss (divide by the batch size for the mean). */
  lossSum: number;
  /** Samples whose largest output is at their label. */
  correct: number;
}

/** Throws unless the loss can follow this output activation. */
export function checkLossOutput(loss: LossName, output: ActivationName): void {
  if (loss === 'cross-entropy' && output !== 'softmax') {
    throw new RangeError(`--loss cross-entropy is softmax cross-entropy and needs --output softmax (got --output ${output})`);
  }
}

/**
 * Writes g = ∂C/∂z of the output layer for `rows` samples and returns their loss sum.
 * C is the mean over the `batchSize` samples of the minibatch (not of this shard), so the
 * minibatch gradient is the plain sum of its shards' gradients (MATH.md, identity 9).
 * - mse: C_n = (1/J)·Σ_j (a−y)², ∂C/∂a = 2(a−y)/(J·B)
 * - sse: C_n = ½·Σ_j (a−y)², ∂C/∂a = (a−y)/B (the blog's a − y)
 * - cross-entropy: C_n = −log s_y = logsumexp(z) − z_y, fused with softmax: ∂C/∂z = (s − y)/B
 */
export function lossGradient(
  loss: LossName,
  output: ActivationName,
  z: Storage,
  a: Storage,
  labels: Int32Array,
  labelOffset: number,
  g: Storage,
  rows: number,
  width: number,
  batchSize: number,
): ShardLoss {
  let lossSum = 0;
  let correct = 0;
  const scale = 1 / batchSize;
  for (let r = 0, row = 0; r < rows; r++, row += width) {
    const label = labels[labelOffset + r];
    let best = row;
    for (let i = row + 1; i < row + width; i++) if (a[i] > a[best]) best = i;
    if (best - row === label) correct++;
    if (loss === 'cross-entropy') {
      // NOTE: −log s_y from z, never log(s_y): s_y underflows to 0 long before z_y − max(z) does.
      let max = -Infinity;
      for (let i = row; i < row + width; i++) if (z[i] > max) max = z[i];
      let sum = 0;
      for (let i = row; i < row + width; i++) sum += Math.exp(z[i] - max);
      lossSum += Math.log(sum) + max - z[row + label];
      for (let i = row; i < row + width; i++) g[i] = (a[i] - (i - row === label ? 1 : 0)) * scale;
    } else {
      const meanOver = loss === 'mse' ? 1 / width : 0.5;
      const slope = loss === 'mse' ? (2 / width) * scale : scale;
      for (let i = row; i < row + width; i++) {
        const d = a[i] - (i - row === label ? 1 : 0);
        lossSum += meanOver * d * d;
        g[i] = slope * d;
      }
    }
  }
  if (loss !== 'cross-entropy') activationBackward(output, z, a, g, g, rows, width);
  return { lossSum, correct };
}
