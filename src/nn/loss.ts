// The output layer's loss bound to a shard's buffers and targets: C summed over its rows, and ∂C/∂z scaled for the whole minibatch.

import { bindCountHits } from '../kernels/count-hits.js';
import { type ActivationName, activation } from '../ops/activations.js';
import { type Storage, allocate, dtypeOf } from '../tensor/dtype.js';
import { type LossName, lossRecord } from './losses/losses.js';
import { bindOneHot } from './targets.js';

/** What one shard contributes to a minibatch's loss and accuracy. */
export interface ShardLoss {
  /** Σ over the shard's samples of each sample's loss (divide by the batch size for the mean). */
  lossSum: number;
  /** Samples whose largest output is at their label. */
  correct: number;
}

/** The output layer's loss bound to its buffers, targets and sizes (bindLossGradient); each call names the minibatch's size. */
export type BoundLoss = (batchSize: number) => ShardLoss;

/**
 * Binds the output layer's loss (its record's loop, the output activation's backward step, the hit
 * count: each kernel picked once, here) to its buffers, labels and sizes; each call writes g = ∂C/∂z
 * for `rows` samples and returns their loss sum. C is the mean over the `batchSize` samples of the
 * minibatch (not of this shard), so the minibatch gradient is the plain sum of its shards' gradients
 * (docs/MATH.md, identity 9). A pointwise loss reads class labels as one-hot rows.
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
  huberDelta = 1,
): BoundLoss {
  const record = lossRecord(loss);
  const hits = bindCountHits(a, labels, labelOffset, rows, width);
  if (record.kind === 'fused') {
    const fused = record.bind(z, a, labels, labelOffset, g, rows, width);
    return (batchSize) => {
      const correct = hits();
      return { lossSum: fused(1 / batchSize), correct };
    };
  }
  const y = allocate(dtypeOf(a), rows * width);
  const oneHot = bindOneHot(labels, labelOffset, y, rows, width);
  const pointwise = record.bind(a, y, g, rows * width, { outputs: width, huberDelta });
  const throughOutput = activation(output).bindBackward(z, a, g, g, rows, width);
  return (batchSize) => {
    const correct = hits();
    oneHot();
    const lossSum = pointwise(1 / batchSize);
    throughOutput();
    return { lossSum, correct };
  };
}
