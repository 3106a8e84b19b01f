// A model's outputs over many rows, a slice at a time, so that a stop signal is heard between slices.

import type { Dataset } from '../data/dataset.js';
import type { Network } from '../nn/network.js';
import { predictOutputs } from '../train/evaluate.js';

/** Rows per slice: a few milliseconds of forward passes for MNIST's default model. */
const SLICE_ROWS = 4096;

/** `predictOutputs(network, data)` (rows × outputs), or undefined if `signal` is aborted first (it is checked between slices). */
export async function predictOutputsStoppably(network: Network, data: Dataset, signal?: AbortSignal): Promise<Float32Array | undefined> {
  const width = data.featureCount;
  const outputs = network.spec.widths[network.spec.widths.length - 1];
  const values = new Float32Array(data.count * outputs);
  for (let start = 0; start < data.count; start += SLICE_ROWS) {
    // A turn of the event loop lets a signal handler run.
    await new Promise((resolve) => setImmediate(resolve));
    if (signal?.aborted === true) return undefined;
    const rows = Math.min(SLICE_ROWS, data.count - start);
    const slice = { features: data.features.subarray(start * width, (start + rows) * width), featureCount: width, count: rows, source: data.source };
    values.set(predictOutputs(network, slice), start * outputs);
  }
  return signal?.aborted === true ? undefined : values;
}
