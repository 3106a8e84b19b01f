// Plain stochastic gradient descent, with optional L2 weight decay.

import { kernelsOwning } from '../kernels/kernels-owning.js';
import type { Optimizer, OptimizerState } from './optimizer.js';
import { checkRange, checkStepBuffers } from './optimizer.js';

/**
 * SGD: `p ← p − lr · (g + weightDecay · p)`. Weight decay is an L2 term added to the gradient,
 * as PyTorch's `SGD(weight_decay=…)` does. Each update is computed in float64 from the float32
 * values in exactly that order and rounded once when stored, so equal inputs give equal bits.
 * Buffers in kernel memory go through the SIMD kernel sgd_f32, which gives the same bits as the loop.
 */
export class Sgd implements Optimizer {
  /** SGD keeps no state. */
  static readonly stateNames = [] as const;
  readonly name = 'sgd';

  constructor(
    private readonly paramCount: number,
    private readonly weightDecay: number,
  ) {}

  step(params: Float32Array, grads: Float32Array, lr: number): void {
    this.updateRange(params, grads, lr, this.advance(), 0, this.paramCount);
  }

  /** SGD's update does not depend on the step number. */
  advance(): number {
    return 0;
  }

  updateRange(params: Float32Array, grads: Float32Array, lr: number, _t: number, begin: number, end: number): void {
    checkStepBuffers(this.name, this.paramCount, params, grads);
    checkRange(this.name, this.paramCount, begin, end);
    const decay = this.weightDecay;
    const kernels = kernelsOwning(params, grads);
    if (kernels !== undefined) {
      kernels.sgd_f32(end - begin, params.byteOffset + 4 * begin, grads.byteOffset + 4 * begin, lr, decay);
      return;
    }
    for (let i = begin; i < end; i++) {
      const p = params[i];
      const g = grads[i] + decay * p;
      params[i] = p - lr * g;
    }
  }

  state(): OptimizerState {
    return { buffers: {}, scalars: {} };
  }

  restore(): void {}
}
