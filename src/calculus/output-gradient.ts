// The output layer in index notation: an activation's expression, a loss's C for one sample, and ∂C/∂z derived from them.

import type { ActivationName } from '../ops/activations.js';
import { isElementwiseActivation } from '../ops/elementwise.js';
import { type Expr, type TensorRef, apply, freeIndices, ref, softmax } from './expr.js';
import { derive } from './derive.js';
import { IndexNames } from './index-names.js';
import { simplify } from './simplify.js';

/** The numbers a loss's expression may read besides its prediction and target. */
export interface LossParameters {
  /** n, the outputs of one sample. */
  readonly outputs: number;
  /** Huber's δ: where its square turns into a straight line. */
  readonly huberDelta: number;
}

/** ∂C/∂z in closed form, where algebra beyond simplification gives one, and what that algebra assumes. */
export interface ClosedForm {
  readonly gradient: Expr;
  readonly assumes: string;
}

/** A loss as the calculus reads it: C of one sample's prediction and target, from which the gradients are derived. */
export interface SampleLoss {
  readonly name: string;
  /** C for one sample with prediction `a` and target `y`, both with the one free index of `y`. */
  expression(a: Expr, y: TensorRef, p: LossParameters): Expr;
  /** What the functions in C stand for, where their symbols alone do not say (printed under the derivation). */
  readonly where?: string;
  /** ∂C/∂z[k] in z[k] and y[k] when the output activation is `activation`, if a closed form is known. */
  closedForm?(activation: ActivationName, k: string): ClosedForm | undefined;
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
  /** The loss's closed form for this activation (s − y for softmax with cross-entropy), if it has one. */
  readonly closedForm: ClosedForm | undefined;
}

/** ∂C/∂z for the output layer z[j] → a[j] = σ(z[j]) → C(a, y). */
export function outputGradient(activation: ActivationName, loss: SampleLoss, p: LossParameters): OutputGradient {
  const c = loss.expression(activationExpression(activation, ref('z', 'j')), ref('y', 'j'), p);
  const names = new IndexNames(['j']);
  const derived = simplify(derive(c, 'z', { names }), names);
  const [k] = freeIndices(derived);
  return { loss: c, derived, closedForm: loss.closedForm?.(activation, k) };
}
