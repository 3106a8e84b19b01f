// The network's backward gradient against central finite differences of its loss, in float64, tensor by tensor.

import type { Random } from '../tensor/random.js';
import { ErrorMeter, type ErrorSummary, type Tolerance } from './error-meter.js';
import { Network, type NetworkSpec } from './network.js';
import type { Targets } from './targets.js';

/** What `gradientCheck` runs: a network, its parameters, a batch, and how many parameters to compare. */
export interface GradientCheckCase {
  readonly spec: NetworkSpec;
  /** The parameters in layout order; perturbed one at a time during the check and restored. */
  readonly params: Float64Array;
  /** The batch's features, [rows, inputs] row-major: the batch has as many rows as these hold. */
  readonly inputs: Float64Array;
  /** One class per row (an Int32Array is class labels), or a row of `outputs` numbers per row. */
  readonly targets: Targets | Int32Array;
  /** Parameters compared per tensor: every one when a tensor has at most this many, else this many drawn from `random`. */
  readonly perTensor: number;
  readonly random: Random;
  readonly tolerance: Tolerance;
}

/**
 * Compares ∂C/∂θ from `Network.backward`, C the mean loss over the batch, with central differences of C,
 * and returns one summary per parameter tensor, named as checkpoints name them (`layers.0.weight`, `layers.0.bias`, …).
 */
export function gradientCheck(c: GradientCheckCase): ErrorSummary[] {
  const { spec, params, targets, tolerance } = c;
  const rows = c.inputs.length / spec.widths[0];
  if (!(Number.isInteger(rows) && rows >= 1)) throw new RangeError(`gradientCheck: ${c.inputs.length} input values are not rows of ${spec.widths[0]}`);
  const network = new Network(spec, params, rows, 'float64');
  network.input.set(c.inputs);
  const grads = new Float64Array(network.layout.count);
  network.forward(rows);
  network.backward(targets, 0, rows, rows, grads);
  const scratch = new Float64Array(network.layout.count);
  const meanLoss = (): number => {
    network.forward(rows);
    return network.backward(targets, 0, rows, rows, scratch).lossSum / rows;
  };

  const summaries: ErrorSummary[] = [];
  const h = tolerance.step;
  network.layout.layers.forEach((slots, l) => {
    const tensors = [
      { name: `layers.${l}.weight`, offset: slots.weight, shape: [slots.outputs, slots.inputs] },
      { name: `layers.${l}.bias`, offset: slots.bias, shape: [slots.outputs] },
    ];
    for (const tensor of tensors) {
      const meter = new ErrorMeter(tolerance);
      const size = tensor.shape.reduce((product, dim) => product * dim, 1);
      for (const index of chooseIndices(size, c.perTensor, c.random)) {
        const p = tensor.offset + index;
        const saved = params[p];
        const plus = saved + h;
        const minus = saved - h;
        params[p] = plus;
        const up = meanLoss();
        params[p] = minus;
        const down = meanLoss();
        params[p] = saved;
        // The step actually taken: saved ± h rounds, and dividing by 2h would add that rounding to the error.
        meter.add(grads[p], (up - down) / (plus - minus));
      }
      summaries.push(meter.summary(tensor.name, tensor.shape));
    }
  });
  return summaries;
}

/** All of 0..size−1 when `size <= count`, else `count` distinct ones drawn from `random`, ascending. */
export function chooseIndices(size: number, count: number, random: Random): Int32Array {
  const all = new Int32Array(size);
  for (let i = 0; i < size; i++) all[i] = i;
  if (size <= count) return all;
  // The first `count` steps of a Fisher–Yates shuffle leave a uniform sample in all[0, count).
  for (let i = 0; i < count; i++) {
    const j = i + random.nextInt(size - i);
    const t = all[i];
    all[i] = all[j];
    all[j] = t;
  }
  return all.slice(0, count).sort();
}
