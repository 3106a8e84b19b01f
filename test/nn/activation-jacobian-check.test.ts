// The derived activation Jacobians against central differences of the activations the network runs.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { activationJacobianCheck } from '../../src/nn/activation-jacobian-check.js';
import { GRADCHECK_TOLERANCE } from '../../src/nn/error-meter.js';
import type { ActivationName } from '../../src/ops/activations.js';
import { fcOptions } from '../support/fc.js';

const activations: ActivationName[] = ['sigmoid', 'tanh', 'relu', 'leaky-relu', 'identity', 'softmax'];

/** Pre-activations with 0.1 ≤ |z| ≤ 3, away from the kink of relu and leaky relu. */
const points = fc.array(
  fc.tuple(fc.boolean(), fc.double({ min: 0.1, max: 3, noNaN: true })).map(([negative, size]) => (negative ? -size : size)),
  { minLength: 1, maxLength: 6 },
);

describe('activationJacobianCheck', () => {
  it('every activation’s derived ∂a/∂z equals central differences of activate, entry by entry', () => {
    fc.assert(
      fc.property(fc.constantFrom(...activations), points, (name, z) => {
        const summary = activationJacobianCheck(name, Float64Array.from(z), GRADCHECK_TOLERANCE);
        expect(summary).toMatchObject({ name: `${name} ∂a/∂z`, shape: [z.length, z.length], checked: z.length * z.length, passed: true });
      }),
      fcOptions(100),
    );
  });

  it('a step across relu’s kink is caught: the check is not vacuous', () => {
    const summary = activationJacobianCheck('relu', Float64Array.of(1e-7, 2), GRADCHECK_TOLERANCE);
    expect(summary).toMatchObject({ passed: false, failures: 1 });
  });
});
