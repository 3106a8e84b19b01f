// SGD with heavy-ball momentum (PyTorch's convention), optionally Nesterov's; plain SGD is momentum without its velocity.

import { kernelsOwning } from '../kernels/kernels-owning.js';
import type { RangeUpdate, UpdateRule } from './update-rule.js';

/**
 * Momentum, per parameter, in float64 and in this order (PyTorch's `SGD(momentum=μ)`, dampening 0):
 *   g ← g + weightDecay · p   (L2 weight decay added to the gradient)
 *   v ← μ · v + g             (stored as float32 in the 'velocity' buffer)
 *   p ← p − lr · v            or, with Nesterov, p ← p − lr · (g + μ · v)
 * NOTE: this is the v = μv + g form, with lr outside; the v = μv + lr·g form of Sutskever et al.
 * agrees only while lr is constant, and differs after every schedule change.
 */
export const momentum: UpdateRule = {
  stateNames: ['velocity'],
  countsSteps: false,
  bind: (config, { params, grads, state }, begin, end) =>
    bindMomentum(params, grads, state.velocity, begin, end, config.momentum, config.nesterov, config.weightDecay),
};

/**
 * Plain SGD, `p ← p − lr · (g + weightDecay · p)`: momentum with no velocity. Weight decay is an L2
 * term added to the gradient, as PyTorch's `SGD(weight_decay=…)` does.
 */
export const sgd: UpdateRule = {
  stateNames: [],
  countsSteps: false,
  bind: (config, { params, grads }, begin, end) => bindMomentum(params, grads, undefined, begin, end, 0, false, config.weightDecay),
};

/**
 * The update of [begin, end) bound to its buffers: without a velocity buffer, SGD. Each update is
 * computed in float64 from the float32 values in the order above and rounded once when stored.
 * Buffers in kernel memory go through the SIMD kernels sgd_f32 and momentum_f32 (chosen once, here),
 * which give the loops' bits.
 */
function bindMomentum(
  params: Float32Array, grads: Float32Array, velocity: Float32Array | undefined,
  begin: number, end: number, mu: number, nesterov: boolean, decay: number,
): RangeUpdate {
  const n = end - begin;
  const at = 4 * begin;
  if (velocity === undefined) {
    const kernels = kernelsOwning(params, grads);
    if (kernels !== undefined) {
      const [pp, pg] = [params.byteOffset + at, grads.byteOffset + at];
      return (lr) => kernels.sgd_f32(n, pp, pg, lr, decay);
    }
    return (lr) => {
      for (let i = begin; i < end; i++) {
        const p = params[i];
        const g = grads[i] + decay * p;
        params[i] = p - lr * g;
      }
    };
  }
  const kernels = kernelsOwning(params, grads, velocity);
  if (kernels !== undefined) {
    const [pp, pg, pv] = [params.byteOffset + at, grads.byteOffset + at, velocity.byteOffset + at];
    const flag = nesterov ? 1 : 0;
    return (lr) => kernels.momentum_f32(n, pp, pg, pv, lr, mu, decay, flag);
  }
  return (lr) => {
    for (let i = begin; i < end; i++) {
      const p = params[i];
      const g = grads[i] + decay * p;
      const v = mu * velocity[i] + g;
      velocity[i] = v;
      params[i] = p - lr * (nesterov ? g + mu * v : v);
    }
  };
}
