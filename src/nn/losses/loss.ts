// What a loss's record holds: its expression for the calculus, the targets it takes, and its loop bound to buffers.

import { type Expr, type TensorRef, negate, sum } from '../../calculus/expr.js';
import type { LossParameters, SampleLoss } from '../../calculus/output-gradient.js';
import type { ActivationName } from '../../ops/activations.js';
import type { Storage } from '../../tensor/dtype.js';
import type { TargetKind } from '../targets.js';

/** What every loss record says besides its loop: its name and C for the calculus (SampleLoss), its targets and output. */
interface LossBase extends SampleLoss {
  /** The targets it compares outputs with. */
  readonly targets: readonly TargetKind[];
  /** The output activation it needs, if it needs one. */
  readonly output?: ActivationName;
}

/**
 * A loss that is a sum over the outputs of a function of a − y: its loop writes u = scale·∂C/∂a, and the
 * output activation's backward step takes u to ∂C/∂z. Targets of either kind arrive as rows y.
 */
export interface PointwiseLoss extends LossBase {
  readonly kind: 'pointwise';
  /**
   * Binds the loop over n elements of predictions a and targets y (rows of `p.outputs`): each call
   * writes u = scale·∂C/∂a and returns Σ over the rows of C. `u` may be `a`'s gradient buffer, not `a`.
   */
  bind(a: Storage, y: Storage, u: Storage, n: number, p: LossParameters): (scale: number) => number;
}

/** A loss computed together with its output activation from class labels: its loop writes g = scale·∂C/∂z itself. */
export interface FusedLoss extends LossBase {
  readonly kind: 'fused';
  /**
   * Binds the loop over `rows` rows of `width` of pre-activations z, activations a and labels[labelOffset …]:
   * each call writes g = scale·∂C/∂z and returns Σ over the rows of C.
   */
  bind(z: Storage, a: Storage, labels: Int32Array, labelOffset: number, g: Storage, rows: number, width: number): (scale: number) => number;
}

/** A loss's record. */
export type Loss = PointwiseLoss | FusedLoss;

/** The error a − y, with the one free index of y. */
export function error(a: Expr, y: TensorRef): Expr {
  return sum([a, negate(y)], y.indices);
}
