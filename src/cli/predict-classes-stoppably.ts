// A model's predicted classes over many rows, a slice at a time, so that a stop signal is heard between slices.

import type { Dataset } from '../data/dataset.js';
import type { Network } from '../nn/network.js';
import { predictClasses } from '../train/evaluate.js';

/** Rows per slice: a few milliseconds of forward passes for MNIST's default model. */
const SLICE_ROWS = 4096;

/** `predictClasses(network, data)`, or undefined if `signal` is aborted first (it is checked between slices). */
export async function predictClassesStoppably(network: Network, data: Dataset, signal?: AbortSignal): Promise<Int32Array | undefined> {
  const predictions = new Int32Array(data.count);
  const width = data.featureCount;
  for (let start = 0; start < data.count; start += SLICE_ROWS) {
    // A turn of the event loop lets a signal handler run.
    await new Promise((resolve) => setImmediate(resolve));
    if (signal?.aborted === true) return undefined;
    const rows = Math.min(SLICE_ROWS, data.count - start);
    const slice: Dataset = {
      ...data,
      features: data.features.subarray(start * width, (start + rows) * width),
      labels: data.labels.subarray(start, start + rows),
      count: rows,
    };
    predictions.set(predictClasses(network, slice), start);
  }
  return signal?.aborted === true ? undefined : predictions;
}
