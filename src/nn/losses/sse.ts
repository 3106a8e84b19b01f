// Half the sum of squared errors: C = ½ Σ_j (a[j] − y[j])², whose ∂C/∂a is the blog's a − y.

import { squaredError } from './squared-error.js';

/** ½ · Σ over the outputs of (a − y)², averaged over the batch; ∂C/∂a = a − y. */
export const sse = squaredError({ name: 'sse', coefficient: () => 0.5 });
