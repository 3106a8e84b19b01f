import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rules } from '../../src/calculus/rules.js';
import { activate, activationBackward } from '../../src/nn/activation.js';
import type { ActivationName } from '../../src/ops/activations.js';
import { fcOptions } from '../support/fc.js';

const elementwise = ['sigmoid', 'tanh', 'relu', 'leaky-relu', 'identity'] as const satisfies readonly ActivationName[];

describe("the network's activation loops", () => {
  it('σ(z) and g·σ′(z) equal the value and derivative of the calculus rule table', () => {
    fc.assert(
      fc.property(fc.constantFrom(...elementwise), fc.array(fc.double({ min: -20, max: 20, noNaN: true }), { minLength: 1, maxLength: 30 }), (name, values) => {
        const z = Float64Array.from(values);
        const a = new Float64Array(z.length);
        const u = Float64Array.from(values, (_, i) => Math.cos(i));
        const g = new Float64Array(z.length);
        activate(name, z, a, 1, z.length);
        activationBackward(name, z, a, u, g, 1, z.length);
        const rule = rules[name];
        for (let i = 0; i < z.length; i++) {
          expect(a[i]).toBeCloseTo(rule.value(z[i]), 12);
          expect(g[i]).toBeCloseTo(u[i] * rule.derivative(z[i]), 12);
        }
      }),
      fcOptions(100),
    );
  });

  it('softmax rows sum to 1, and its backward step is g = s ⊙ (u − ⟨u, s⟩) (the Jacobian diag(s) − s sᵀ applied to u)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -30, max: 30, noNaN: true }), { minLength: 1, maxLength: 12 }), (values) => {
        const n = values.length;
        const z = Float64Array.from(values);
        const s = new Float64Array(n);
        activate('softmax', z, s, 1, n);
        expect(s.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 12);
        const u = Float64Array.from(values, (_, i) => Math.sin(i + 1));
        const g = new Float64Array(n);
        activationBackward('softmax', z, s, u, g, 1, n);
        for (let i = 0; i < n; i++) {
          let jacobianRow = 0;
          for (let k = 0; k < n; k++) jacobianRow += ((i === k ? s[i] : 0) - s[i] * s[k]) * u[k];
          expect(g[i]).toBeCloseTo(jacobianRow, 12);
        }
      }),
      fcOptions(100),
    );
  });
});
