// An activation's Jacobian as the calculus module derives it, against central differences of the activation the network runs.

import { ref } from '../calculus/expr.js';
import { jacobian } from '../calculus/jacobian.js';
import { activationExpression } from '../calculus/output-gradient.js';
import { Tensor } from '../tensor/tensor.js';
import { ACTIVATIONS, type ActivationName } from '../ops/activations.js';
import { ErrorMeter, type ErrorSummary, type Tolerance } from './error-meter.js';

/**
 * Compares every entry of ∂a[j]/∂z[k] at `z` (one sample), from `jacobian` of the calculus module's expression
 * of the activation (derived, deltas simplified, evaluated), with central differences of the forward step the network runs (its record's).
 * The summary is named `<activation> ∂a/∂z`, of shape [width, width].
 */
export function activationJacobianCheck(name: ActivationName, z: Float64Array, tolerance: Tolerance): ErrorSummary {
  const width = z.length;
  const derived = jacobian(activationExpression(name, ref('z', 'j')), 'z', { z: new Tensor(Float64Array.from(z), [width]) });
  if (derived.shape.length !== 2 || derived.shape[0] !== width || derived.shape[1] !== width) {
    throw new Error(`activationJacobianCheck: the ${name} Jacobian came out [${derived.shape.join(', ')}], not [${width}, ${width}]`);
  }
  const analytic = derived.contiguous().data;
  const point = Float64Array.from(z);
  const up = new Float64Array(width);
  const down = new Float64Array(width);
  const meter = new ErrorMeter(tolerance);
  const record = ACTIVATIONS[name];
  const activateUp = record.bindForward(point, up, 1, width);
  const activateDown = record.bindForward(point, down, 1, width);
  for (let k = 0; k < width; k++) {
    const plus = z[k] + tolerance.step;
    const minus = z[k] - tolerance.step;
    point[k] = plus;
    activateUp();
    point[k] = minus;
    activateDown();
    point[k] = z[k];
    const step = plus - minus;
    for (let j = 0; j < width; j++) meter.add(analytic[j * width + k], (up[j] - down[j]) / step);
  }
  return meter.summary(`${name} ∂a/∂z`, [width, width]);
}
