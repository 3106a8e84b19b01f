// Inference over a dataset: the network's outputs, predicted classes, accuracy, confusion matrix.

import { UserError } from '../errors.js';
import type { ClassificationDataset, Dataset } from '../data/dataset.js';
import type { Network } from '../nn/network.js';
import type { Storage } from '../tensor/dtype.js';

/** The network's outputs for every row of `data` (rows × outputs, row-major), computed `network.maxRows` rows at a time. */
export function predictOutputs(network: Network, data: Pick<Dataset, 'features' | 'featureCount' | 'count' | 'source'>): Float32Array {
  const width = data.featureCount;
  // Rows of another width would be read across each other's features, or past the input buffer.
  if (width !== network.spec.widths[0]) throw new UserError(`the network takes ${network.spec.widths[0]} inputs, but ${data.source} has ${width} features per row`);
  const outputs = network.spec.widths[network.spec.widths.length - 1];
  const values = new Float32Array(data.count * outputs);
  const input = network.input;
  for (let start = 0; start < data.count; start += network.maxRows) {
    const rows = Math.min(network.maxRows, data.count - start);
    input.set(data.features.subarray(start * width, (start + rows) * width));
    values.set(network.forward(rows).subarray(0, rows * outputs), start * outputs);
  }
  return values;
}

/** The class with the largest output for each sample, computed `network.maxRows` samples at a time. */
export function predictClasses(network: Network, data: Pick<Dataset, 'features' | 'featureCount' | 'count' | 'source'>): Int32Array {
  const outputs = network.spec.widths[network.spec.widths.length - 1];
  return largestOutputs(predictOutputs(network, data), data.count, outputs);
}

/** The index of the largest of each of `rows` rows of `width` outputs (the first, on ties): each row's class. */
export function largestOutputs(out: Storage, rows: number, width: number): Int32Array {
  const predictions = new Int32Array(rows);
  argmaxRows(out, rows, width, predictions);
  return predictions;
}

/**
 * predictions[r] = the index of the largest of row r's `width` outputs (the first, on ties).
 * A function of its own, so that V8 compiles this loop alone rather than its caller with the
 * whole forward pass inlined around it (measured: 12 ms of compile).
 */
function argmaxRows(out: Storage, rows: number, width: number, predictions: Int32Array): void {
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let j = 1; j < width; j++) if (out[r * width + j] > out[r * width + best]) best = j;
    predictions[r] = best;
  }
}

/** The share of samples whose predicted class is their label (NaN for an empty set). */
export function evaluate(network: Network, data: ClassificationDataset): number {
  const predictions = predictClasses(network, data);
  let correct = 0;
  for (let i = 0; i < data.count; i++) if (predictions[i] === data.labels[i]) correct++;
  return data.count === 0 ? Number.NaN : correct / data.count;
}

/** counts[label][predicted] over the dataset, for `classes` classes. */
export function confusionMatrix(predictions: Int32Array, labels: Int32Array, classes: number): number[][] {
  if (predictions.length !== labels.length) throw new RangeError(`confusionMatrix: ${predictions.length} predictions for ${labels.length} labels`);
  const counts = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < labels.length; i++) {
    // A class outside the matrix would be dropped from it, and its counts would no longer add up.
    if (!(labels[i] >= 0 && labels[i] < classes && predictions[i] >= 0 && predictions[i] < classes)) {
      throw new RangeError(`confusionMatrix: row ${i} has label ${labels[i]} and prediction ${predictions[i]}, not both classes of ${classes}`);
    }
    counts[labels[i]][predictions[i]]++;
  }
  return counts;
}
