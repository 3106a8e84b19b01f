// The output layer's loss bound to a shard's buffers and targets: C summed over its rows, and ∂C/∂z scaled for the whole minibatch.

import type { BoundStep } from '../kernels/bound-kernel.js';
import { bindCountHits } from '../kernels/count-hits.js';
import { ACTIVATIONS, type ActivationName } from '../ops/activations.js';
import { type Storage, allocate, dtypeOf } from '../tensor/dtype.js';
import type { Loss, PointwiseLoss } from './losses/loss.js';
import { LOSSES, type LossName, checkLossTargets } from './losses/losses.js';
import { type Targets, bindOneHot } from './targets.js';

/** What one shard contributes to a minibatch's loss and accuracy. */
export interface ShardLoss {
  /** Σ over the shard's samples of each sample's loss (divide by the batch size for the mean). */
  lossSum: number;
  /** Samples whose largest output is at their label (0 for numeric targets). */
  correct: number;
}

/** The output layer's loss bound to its buffers, targets and sizes (bindLossGradient); each call names the minibatch's size. */
export type BoundLoss = (batchSize: number) => ShardLoss;

/** What a loss takes besides its buffers: Huber's δ (1 when absent), and a weight per class (class labels only; none: all 1). */
export interface LossSettings {
  readonly huberDelta?: number;
  readonly classWeights?: readonly number[];
}

/**
 * Binds the output layer's loss (its record's loop, the output activation's backward step, and for
 * class labels the hit count: each kernel picked once, here) to its buffers, the targets of rows
 * offset … offset + rows − 1 and sizes; each call writes g = ∂C/∂z for the rows and returns their
 * loss sum. C is the mean over the `batchSize` samples of the minibatch (not of this shard), so the
 * minibatch gradient is the plain sum of its shards' gradients (docs/MATH.md, identity 9). A pointwise loss reads class labels as one-hot rows, written before each call.
 * With class weights, each row's loss and gradient are its class's weight times the unweighted ones.
 */
export function bindLossGradient(
  loss: LossName,
  output: ActivationName,
  z: Storage,
  a: Storage,
  targets: Targets,
  offset: number,
  g: Storage,
  rows: number,
  width: number,
  settings: LossSettings = {},
): BoundLoss {
  const record = LOSSES[loss];
  const huberDelta = settings.huberDelta ?? 1;
  const pointwise = (r: PointwiseLoss, y: Storage, fillTargets: BoundStep | undefined, hits: () => number): BoundLoss => {
    const run = r.bind(a, y, g, rows * width, { outputs: width, huberDelta });
    const throughOutput = ACTIVATIONS[output].bindBackward(z, a, g, g, rows, width);
    return (batchSize) => {
      const correct = hits();
      if (fillTargets !== undefined) fillTargets();
      const lossSum = run(1 / batchSize);
      throughOutput();
      return { lossSum, correct };
    };
  };
  if (targets.kind === 'values') {
    checkLossTargets(loss, 'values');
    if (settings.classWeights !== undefined) throw new Error('class weights weigh class labels, not numeric targets');
    if (record.kind === 'fused') throw new Error(`the ${loss} record takes numeric targets, but its fused loop reads class labels`);
    return pointwise(record, targets.values.subarray(offset * width, (offset + rows) * width), undefined, () => 0);
  }
  const labels = targets.labels;
  checkLossTargets(loss, 'classes');
  const hits = bindCountHits(a, labels, offset, rows, width);
  if (settings.classWeights !== undefined) return bindWeighted(record, output, { z, a, g, labels, offset, rows, width, huberDelta }, settings.classWeights, hits);
  if (record.kind === 'fused') {
    const fused = record.bind(z, a, labels, offset, g, rows, width);
    return (batchSize) => {
      const correct = hits();
      return { lossSum: fused(1 / batchSize), correct };
    };
  }
  const y = allocate(dtypeOf(a), rows * width);
  return pointwise(record, y, bindOneHot(labels, offset, y, rows, width), hits);
}

/** The buffers and sizes of a loss over class labels. */
interface ClassLossBuffers {
  readonly z: Storage;
  readonly a: Storage;
  readonly g: Storage;
  readonly labels: Int32Array;
  readonly offset: number;
  readonly rows: number;
  readonly width: number;
  readonly huberDelta: number;
}

/**
 * The loss over class labels with a weight per class: the record's loop bound to each row alone (rows do
 * not interact, so each row's bits are those of the whole pass), called with the batch's scale times
 * its class's weight; the loss sum is Σ weight · row loss.
 */
function bindWeighted(record: Loss, output: ActivationName, b: ClassLossBuffers, classWeights: readonly number[], hits: () => number): BoundLoss {
  const { z, a, g, labels, offset, rows, width, huberDelta } = b;
  const weights = Float64Array.from(classWeights);
  const rowOf = (buffer: Storage, r: number): Storage => buffer.subarray(r * width, (r + 1) * width);
  let fillTargets: BoundStep | undefined;
  let throughOutput: BoundStep | undefined;
  let runs: ((scale: number) => number)[];
  if (record.kind === 'fused') {
    runs = Array.from({ length: rows }, (_, r) => record.bind(rowOf(z, r), rowOf(a, r), labels, offset + r, rowOf(g, r), 1, width));
  } else {
    const y = allocate(dtypeOf(a), rows * width);
    fillTargets = bindOneHot(labels, offset, y, rows, width);
    throughOutput = ACTIVATIONS[output].bindBackward(z, a, g, g, rows, width);
    runs = Array.from({ length: rows }, (_, r) => record.bind(rowOf(a, r), rowOf(y, r), rowOf(g, r), width, { outputs: width, huberDelta }));
  }
  return (batchSize) => {
    const correct = hits();
    if (fillTargets !== undefined) fillTargets();
    let lossSum = 0;
    for (let r = 0; r < rows; r++) {
      const weight = weights[labels[offset + r]];
      lossSum += weight * runs[r](weight / batchSize);
    }
    if (throughOutput !== undefined) throughOutput();
    return { lossSum, correct };
  };
}
