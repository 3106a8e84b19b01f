// The mean absolute error: C = (1/n) Σ_j |a[j] − y[j]| over the n outputs of a sample, for numeric targets.

import { apply, constant, product } from '../../calculus/expr.js';
import { type PointwiseLoss, error } from './loss.js';

/** Mean over the outputs of |a − y|, averaged over the batch; ∂C/∂a = sign(a − y)/n, taken as 0 where a = y. */
export const mae: PointwiseLoss = {
  kind: 'pointwise',
  name: 'mae',
  targets: ['values'],
  where: "abs'(x) = sign(x), taken as 0 at x = 0",
  expression: (a, y, { outputs }) => product([constant(1 / outputs, '1/n'), apply('abs', error(a, y))], []),
  bind(a, y, u, n, { outputs }) {
    const meanOver = 1 / outputs;
    return (scale) => {
      const slope = meanOver * scale;
      let lossSum = 0;
      for (let i = 0; i < n; i++) {
        const d = a[i] - y[i];
        lossSum += meanOver * Math.abs(d);
        u[i] = d > 0 ? slope : d < 0 ? -slope : 0;
      }
      return lossSum;
    };
  },
};
