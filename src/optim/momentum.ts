// SGD with heavy-ball momentum (PyTorch's convention), optionally Nesterov's.

import { kernelsOwning } from '../kernels/kernels-owning.js';
import type { Allocate, Optimizer, OptimizerState } from './optimizer.js';
import { checkRange, checkStepBuffers } from './optimizer.js';

/**
 * Momentum, per parameter, in float64 and in this order (PyTorch's `SGD(momentum=μ)`, dampening 0):
 *   g ← g + weightDecay · p   (L2 weight decay added to the gradient)
 *   v ← μ · v + g             (stored as float32 in the 'velocity' buffer)
 *   p ← p − lr · v            or, with Nesterov, p ← p − lr · (g + μ · v)
 * NOTE: this is the v = μv + g form, with lr outside; the v = μv + lr·g form of Sutskever et al.
 * agrees only while lr is constant, and differs after every schedule change.
 * Buffers in kernel memory go through the SIMD kernel momentum_f32, which gives the same bits as the loops.
 */
export class Momentum implements Optimizer {
  /** The names of the state buffers it asks `allocate` for. */
  static readonly stateNames = ['velocity'] as const;
  readonly name = 'momentum';
  private readonly velocity: Float32Array;

  constructor(
    private readonly paramCount: number,
    private readonly momentum: number,
    private readonly nesterov: boolean,
    private readonly weightDecay: number,
    allocate: Allocate,
    zeroState = true,
  ) {
    this.velocity = allocate(Momentum.stateNames[0], paramCount);
    if (zeroState) this.velocity.fill(0);
  }

  step(params: Float32Array, grads: Float32Array, lr: number): void {
    this.updateRange(params, grads, lr, this.advance(), 0, this.paramCount);
  }

  /** Momentum's update does not depend on the step number. */
  advance(): number {
    return 0;
  }

  updateRange(params: Float32Array, grads: Float32Array, lr: number, _t: number, begin: number, end: number): void {
    checkStepBuffers(this.name, this.paramCount, params, grads);
    checkRange(this.name, this.paramCount, begin, end);
    const velocity = this.velocity;
    const mu = this.momentum;
    const decay = this.weightDecay;
    const kernels = kernelsOwning(params, grads, velocity);
    if (kernels !== undefined) {
      const at = 4 * begin;
      kernels.momentum_f32(end - begin, params.byteOffset + at, grads.byteOffset + at, velocity.byteOffset + at, lr, mu, decay, this.nesterov ? 1 : 0);
      return;
    }
    if (this.nesterov) {
      for (let i = begin; i < end; i++) {
        const p = params[i];
        const g = grads[i] + decay * p;
        const v = mu * velocity[i] + g;
        velocity[i] = v;
        params[i] = p - lr * (g + mu * v);
      }
    } else {
      for (let i = begin; i < end; i++) {
        const p = params[i];
        const g = grads[i] + decay * p;
        const v = mu * velocity[i] + g;
        velocity[i] = v;
        params[i] = p - lr * v;
      }
    }
  }

  state(): OptimizerState {
    return { buffers: { velocity: this.velocity }, scalars: {} };
  }

  restore(): void {}
}
