// Adam (Kingma and Ba, 2015) with PyTorch's bias-corrected update and optional L2 weight decay.

import { kernelsOwning } from '../kernels/kernels-owning.js';
import type { UpdateRule } from './update-rule.js';

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
 * Buffers in kernel memory go through the SIMD kernel adam_f32 (chosen once, at binding), which
 * gives the loop's bits; float32 lets it take four lanes at a time.
 */
export const adam: UpdateRule = {
  stateNames: ['m', 'v'],
  countsSteps: true,
  bind(config, { params, grads, state }, begin, end) {
    const { m, v } = state;
    const f32 = Math.fround;
    const beta1 = f32(ADAM_BETA1);
    const beta2 = f32(ADAM_BETA2);
    const oneMinusBeta1 = f32(1 - ADAM_BETA1);
    const oneMinusBeta2 = f32(1 - ADAM_BETA2);
    const epsilon = f32(ADAM_EPSILON);
    const decay = f32(config.weightDecay);
    const stepSizeOf = (lr: number, t: number): number => {
      if (!Number.isSafeInteger(t) || t < 1) throw new RangeError(`adam: step ${t} is not a positive integer`);
      return f32(lr / (1 - Math.pow(ADAM_BETA1, t)));
    };
    const rootCorrectionOf = (t: number): number => f32(Math.sqrt(1 - Math.pow(ADAM_BETA2, t)));
    const kernels = kernelsOwning(params, grads, m, v);
    if (kernels !== undefined) {
      const n = end - begin;
      const at = 4 * begin;
      const [pp, pg, pm, pv] = [params.byteOffset + at, grads.byteOffset + at, m.byteOffset + at, v.byteOffset + at];
      return (lr, t) => kernels.adam_f32(n, pp, pg, pm, pv, stepSizeOf(lr, t), rootCorrectionOf(t), beta1, oneMinusBeta1, beta2, oneMinusBeta2, epsilon, decay);
    }
    return (lr, t) => {
      const stepSize = stepSizeOf(lr, t);
      const rootCorrection2 = rootCorrectionOf(t);
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
    };
  },
};
