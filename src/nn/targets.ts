// What a network's outputs are compared with: a class per row, or a row of numbers per row.

import type { BoundStep } from '../kernels/bound-kernel.js';
import type { Storage } from '../tensor/dtype.js';

/** Targets of a pass's rows: class labels (0 … outputs−1, one per row) or numeric rows (`outputs` values per row). */
export type Targets = { readonly kind: 'classes'; readonly labels: Int32Array } | { readonly kind: 'values'; readonly values: Float32Array };

/** The kind of targets: class labels or numeric values. */
export type TargetKind = Targets['kind'];

/** The class labels `labels` as targets. */
export function classTargets(labels: Int32Array): Targets {
  return { kind: 'classes', labels };
}

/** Targets as they are, or bare class labels as class targets: what Network's entry points take. */
export function asTargets(targets: Targets | Int32Array): Targets {
  return targets instanceof Int32Array ? classTargets(targets) : targets;
}

/** Numeric target rows as targets. */
export function valueTargets(values: Float32Array): Targets {
  return { kind: 'values', values };
}

/** Writes y = onehot(labels[offset + r]) into the `rows` rows of `width` of y, bound to its buffers: the class labels as target rows. */
export function bindOneHot(labels: Int32Array, offset: number, y: Storage, rows: number, width: number): BoundStep {
  return () => {
    y.fill(0, 0, rows * width);
    for (let r = 0; r < rows; r++) y[r * width + labels[offset + r]] = 1;
  };
}
