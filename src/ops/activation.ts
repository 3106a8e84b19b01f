// What an activation's record holds: its form for the calculus, and its forward and backward steps bound to buffers.

import type { BoundStep } from '../kernels/bound-kernel.js';
import type { Storage } from '../tensor/dtype.js';
import type { ElementwiseFunction } from './elementwise-function.js';

/**
 * The steps a layer runs, each bound once to row-major buffers of `rows` rows of `width`
 * (pre-activations z, activations a, u = ∂C/∂a, g = ∂C/∂z); a kernel, where one exists, is chosen at binding.
 */
interface ActivationSteps {
  /** The ONNX operator that computes it over [batch, width] values, for export. */
  readonly onnx: OnnxOperator;
  /** True when hidden layers may use it; every activation may end a network. */
  readonly hidden: boolean;
  /** The initialisation that suits it in a hidden layer: He for the ReLU family, Xavier otherwise. */
  readonly init: 'he' | 'xavier';
  /** a = σ(z). `a` may be `z`. */
  bindForward(z: Storage, a: Storage, rows: number, width: number): BoundStep;
  /** g = ∂C/∂z from u = ∂C/∂a, after the forward step wrote a from z. `g` may be `u`. */
  bindBackward(z: Storage, a: Storage, u: Storage, g: Storage, rows: number, width: number): BoundStep;
}

/** An ONNX operator by its type name, and its float and integer attributes. */
export interface OnnxOperator {
  readonly op: string;
  readonly floats?: Readonly<Record<string, number>>;
  readonly ints?: Readonly<Record<string, number>>;
}

/** An activation applied to each element alone: the calculus derives it by the chain rule of its value's derivative. */
export interface ElementwiseActivation extends ElementwiseFunction, ActivationSteps {
  readonly kind: 'elementwise';
}

/**
 * Softmax along each row: an element depends on its whole row, so its derivative rule is not an
 * elementwise one but the calculus's structural softmax node (calculus/rules.ts), along the last axis.
 */
export interface SoftmaxActivation extends ActivationSteps {
  readonly kind: 'softmax';
}

/** An activation's record. */
export type Activation = ElementwiseActivation | SoftmaxActivation;
