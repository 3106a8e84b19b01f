// The mean squared error: C = (1/n) Σ_j (a[j] − y[j])² over the n outputs of a sample.

import { squaredError } from './squared-error.js';

/** Mean over the outputs of (a − y)², averaged over the batch; ∂C/∂a = 2(a − y)/n. */
export const mse = squaredError({ name: 'mse', coefficient: (outputs) => 1 / outputs, symbol: '1/n' });
