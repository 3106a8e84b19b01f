// Adam (Kingma and Ba, 2015) with PyTorch's bias-corrected update and optional L2 weight decay.

import { UserError } from '../errors.js';
import { kernelsOwning } from '../kernels/kernels-owning.js';
import type { Allocate, Optimizer, OptimizerState } from './optimizer.js';
import { checkRange, checkStepBuffers } from './optimizer.js';

/** Adam's fixed constants, PyTorch's defaults. */
export const ADAM_BETA1 = 0.9;
/** Decay of the second-moment estimate. */
export const ADAM_BETA2 = 0.999;
/** Added to the denominator for stability. */
export const ADAM_EPSILON = 1e-8;

/**
 * Adam. At step t (1-based), per parameter, in float32 (as PyTorch computes it for float32
 * parameters; each operation rounded to float32) and in this order:
 *   g ← g + weightDecay · p                  (L2 added to the gradient, as PyTorch's `Adam(weight_decay=…)`; not AdamW)
 *   m ← β1 · m + (1 − β1) · g;  v ← β2 · v + (1 − β2) · g · g   (in 'm' and 'v')
 *   p ← p − stepSize · (m / (√v / rootCorrection2 + ε))
 * where stepSize = lr / (1 − β1^t) and rootCorrection2 = √(1 − β2^t), computed in float64 once a
 * step and rounded to float32, as are β1, β2, their complements and ε.
 * NOTE: ε is added after the bias correction of √v, as PyTorch does; the paper's "efficient" form,
 * which folds both corrections into the step size, adds ε to the uncorrected √v and differs early on.
 * Buffers in kernel memory go through the SIMD kernel adam_f32, which gives the same bits as the
 * loop; float32 lets it take four lanes at a time, a third of float64's time here.
 */
export class Adam implements Optimizer {
  /** The names of the state buffers it asks `allocate` for: first and second moments. */
  static readonly stateNames = ['m', 'v'] as const;
  readonly name = 'adam';
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  /** Updates done so far (t of the last step). */
  private stepCount = 0;

  constructor(
    private readonly paramCount: number,
    private readonly weightDecay: number,
    allocate: Allocate,
    zeroState = true,
  ) {
    this.m = allocate(Adam.stateNames[0], paramCount);
    this.v = allocate(Adam.stateNames[1], paramCount);
    if (zeroState) {
      this.m.fill(0);
      this.v.fill(0);
    }
  }

  step(params: Float32Array, grads: Float32Array, lr: number): void {
    this.updateRange(params, grads, lr, this.advance(), 0, this.paramCount);
  }

  advance(): number {
    this.stepCount++;
    return this.stepCount;
  }

  updateRange(params: Float32Array, grads: Float32Array, lr: number, t: number, begin: number, end: number): void {
    checkStepBuffers(this.name, this.paramCount, params, grads);
    checkRange(this.name, this.paramCount, begin, end);
    if (!Number.isSafeInteger(t) || t < 1) throw new RangeError(`adam.updateRange: step ${t} is not a positive integer`);
    const f32 = Math.fround;
    const stepSize = f32(lr / (1 - Math.pow(ADAM_BETA1, t)));
    const rootCorrection2 = f32(Math.sqrt(1 - Math.pow(ADAM_BETA2, t)));
    const beta1 = f32(ADAM_BETA1);
    const beta2 = f32(ADAM_BETA2);
    const oneMinusBeta1 = f32(1 - ADAM_BETA1);
    const oneMinusBeta2 = f32(1 - ADAM_BETA2);
    const epsilon = f32(ADAM_EPSILON);
    const decay = f32(this.weightDecay);
    const m = this.m;
    const v = this.v;
    const kernels = kernelsOwning(params, grads, m, v);
    if (kernels !== undefined) {
      const at = 4 * begin;
      kernels.adam_f32(
        end - begin, params.byteOffset + at, grads.byteOffset + at, m.byteOffset + at, v.byteOffset + at,
        stepSize, rootCorrection2, beta1, oneMinusBeta1, beta2, oneMinusBeta2, epsilon, decay,
      );
      return;
    }
    // Every operation rounded to float32: the kernel's f32x4 arithmetic, one lane at a time.
    for (let i = begin; i < end; i++) {
      const p = params[i];
      const g = f32(grads[i] + f32(decay * p));
      const mi = f32(f32(beta1 * m[i]) + f32(oneMinusBeta1 * g));
      const vi = f32(f32(beta2 * v[i]) + f32(f32(oneMinusBeta2 * g) * g));
      m[i] = mi;
      v[i] = vi;
      params[i] = p - f32(stepSize * f32(mi / f32(f32(f32(Math.sqrt(vi)) / rootCorrection2) + epsilon)));
    }
  }

  state(): OptimizerState {
    return { buffers: { m: this.m, v: this.v }, scalars: { step: this.stepCount } };
  }

  restore(scalars: Record<string, number>): void {
    const step = scalars.step;
    if (!Number.isSafeInteger(step) || step < 0) {
      throw new UserError(`adam's saved step count ${String(step)} is not a non-negative integer`);
    }
    this.stepCount = step;
  }
}
