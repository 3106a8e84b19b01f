// The losses as index expressions of one sample's output, and the output layer's ∂C/∂z derived from them.

import type { ActivationName } from '../ops/activations.js';
import { isElementwiseActivation } from '../ops/elementwise.js';
import { type Expr, type TensorRef, apply, constant, freeIndices, negate, product, ref, softmax, sum } from './expr.js';
import { derive } from './derive.js';
import { IndexNames } from './index-names.js';
import { simplify } from './simplify.js';

/** Every loss's name. */
export const LOSS_NAMES = ['mse', 'sse', 'cross-entropy'] as const;

/** Losses. `mse`: mean over outputs of (a − y)²; `sse`: ½·Σ (a − y)²; both averaged over the batch. */
export type LossName = (typeof LOSS_NAMES)[number];

/**
 * C for one sample with prediction `a` and target `y`, both with the free index list of `y` (one index):
 * mse = (1/n) Σ (a − y)² with n = `outputs`; sse = ½ Σ (a − y)²; cross-entropy = −Σ y log a.
 */
export function lossExpression(loss: LossName, a: Expr, y: TensorRef, outputs: number): Expr {
  const error = sum([a, negate(y)], y.indices);
  switch (loss) {
    case 'mse':
      return product([constant(1 / outputs, '1/n'), error, error], []);
    case 'sse':
      return product([constant(0.5), error, error], []);
    case 'cross-entropy':
      return negate(product([y, apply('log', a)], []));
  }
}

/** The pre-activation z passed through the activation: σ(z) elementwise, or softmax along z's last index. */
export function activationExpression(activation: ActivationName, z: TensorRef): Expr {
  if (isElementwiseActivation(activation)) return apply(activation, z);
  return softmax(z, z.indices[z.indices.length - 1]);
}

/** The output layer's loss as a function of z, and ∂C/∂z: derived and simplified, and in closed form where one is known. */
export interface OutputGradient {
  /** C(σ(z), y). */
  readonly loss: Expr;
  /** ∂C/∂z[k] as derived and simplified. */
  readonly derived: Expr;
  /** The closed form when algebra beyond simplification applies: s − y for softmax with cross-entropy. */
  readonly closedForm: Expr | undefined;
}

/**
 * ∂C/∂z for the output layer z[j] → a[j] = σ(z[j]) → C(a, y).
 * NOTE: for softmax with cross-entropy, s − y needs log'(s)·s = 1 and Σ y = 1 (y a distribution), which simplification does not assume.
 */
export function outputGradient(activation: ActivationName, loss: LossName, outputs: number): OutputGradient {
  const z = ref('z', 'j');
  const y = ref('y', 'j');
  const c = lossExpression(loss, activationExpression(activation, z), y, outputs);
  const names = new IndexNames(['j']);
  const derived = simplify(derive(c, 'z', { names }), names);
  const [k] = freeIndices(derived);
  const closedForm =
    activation === 'softmax' && loss === 'cross-entropy'
      ? sum([softmax(ref('z', k), k), negate(ref('y', k))], [k])
      : undefined;
  return { loss: c, derived, closedForm };
}
