// The Huber loss: C = (1/n) Σ_j h_δ(a[j] − y[j]), squared near the target and straight beyond δ, for numeric targets.

import { apply, constant, product } from '../../calculus/expr.js';
import { type PointwiseLoss, error } from './loss.js';

/**
 * Mean over the outputs of h_δ(a − y), averaged over the batch, where h_δ(d) = d²/2 for |d| ≤ δ and
 * δ(|d| − δ/2) beyond; ∂C/∂a = clamp(a − y, −δ, δ)/n. For the calculus h_δ(d) = δ² h(d/δ), h the unit Huber.
 */
export const huber: PointwiseLoss = {
  kind: 'pointwise',
  name: 'huber',
  targets: ['values'],
  where: "huber(x) = x²/2 for |x| ≤ 1 and |x| − ½ beyond, so δ² huber(x/δ) is Huber's function with δ (--huber-delta); huber'(x) is x clamped to [−1, 1]",
  expression: (a, y, { outputs, huberDelta: delta }) =>
    product([constant(1 / outputs, '1/n'), constant(delta * delta, 'δ²'), apply('huber', product([constant(1 / delta, '1/δ'), error(a, y)], y.indices))], []),
  bind(a, y, u, n, { outputs, huberDelta: delta }) {
    const meanOver = 1 / outputs;
    const halfDelta = 0.5 * delta;
    return (scale) => {
      const slope = meanOver * scale;
      let lossSum = 0;
      for (let i = 0; i < n; i++) {
        const d = a[i] - y[i];
        if (d > delta) {
          lossSum += meanOver * delta * (d - halfDelta);
          u[i] = slope * delta;
        } else if (d < -delta) {
          lossSum += meanOver * delta * (-d - halfDelta);
          u[i] = -slope * delta;
        } else {
          lossSum += meanOver * 0.5 * d * d;
          u[i] = slope * d;
        }
      }
      return lossSum;
    };
  },
};
