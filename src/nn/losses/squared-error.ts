// Squared-error losses c · Σ_j (a[j] − y[j])², their expression and their loop, for a coefficient c of the output count.

import { constant, product } from '../../calculus/expr.js';
import { type PointwiseLoss, error } from './loss.js';

/** What tells one squared-error loss from another. */
export interface SquaredErrorSpec {
  readonly name: string;
  /** c, from the outputs n of a sample. */
  coefficient(outputs: number): number;
  /** How printers show c, when not as its value. */
  readonly symbol?: string;
}

/** The loss c · Σ over the outputs of (a − y)²; ∂C/∂a = 2c(a − y). Takes class labels (as one-hot rows) and numeric targets. */
export function squaredError(spec: SquaredErrorSpec): PointwiseLoss {
  return {
    kind: 'pointwise',
    name: spec.name,
    targets: ['classes', 'values'],
    expression(a, y, { outputs }) {
      const e = error(a, y);
      return product([constant(spec.coefficient(outputs), spec.symbol), e, e], []);
    },
    bind(a, y, u, n, { outputs }) {
      const c = spec.coefficient(outputs);
      return (scale) => {
        // Doubling is exact, so 2c is 2/n rounded: mse's slope is (2/n)·scale and sse's is scale, to the bit.
        const slope = 2 * c * scale;
        let lossSum = 0;
        for (let i = 0; i < n; i++) {
          const d = a[i] - y[i];
          lossSum += c * d * d;
          u[i] = slope * d;
        }
        return lossSum;
      };
    },
  };
}
