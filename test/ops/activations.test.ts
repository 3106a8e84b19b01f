// Every activation's record: its loops compute its own value and derivative, and softmax's backward step is its Jacobian.

import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { rules } from '../../src/calculus/rules.js';
import { ACTIVATIONS, ACTIVATION_NAMES, HIDDEN_ACTIVATION_NAMES, type HiddenActivationName } from '../../src/ops/activations.js';
import { ELEMENTWISE_NAMES, isElementwiseActivation } from '../../src/ops/elementwise.js';
import { fcOptions } from '../support/fc.js';

const elementwise = ACTIVATION_NAMES.filter(isElementwiseActivation);

describe('the activation records', () => {
  it('every elementwise record’s loops give σ(z) and u·σ′(z), its own value and derivative, which the calculus rule table uses', () => {
    fc.assert(
      fc.property(fc.constantFrom(...elementwise), fc.array(fc.double({ min: -20, max: 20, noNaN: true }), { minLength: 1, maxLength: 30 }), (name, values) => {
        const record = ACTIVATIONS[name];
        const z = Float64Array.from(values);
        const a = new Float64Array(z.length);
        const u = Float64Array.from(values, (_, i) => Math.cos(i));
        const g = new Float64Array(z.length);
        record.bindForward(z, a, 1, z.length)();
        record.bindBackward(z, a, u, g, 1, z.length)();
        const rule = rules[name];
        for (let i = 0; i < z.length; i++) {
          expect(rule.value(z[i])).toBe(record.value(z[i]));
          expect(a[i]).toBeCloseTo(record.value(z[i]), 12);
          expect(g[i]).toBeCloseTo(u[i] * record.derivative(z[i]), 12);
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
        ACTIVATIONS.softmax.bindForward(z, s, 1, n)();
        expect(s.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 12);
        const u = Float64Array.from(values, (_, i) => Math.sin(i + 1));
        const g = new Float64Array(n);
        ACTIVATIONS.softmax.bindBackward(z, s, u, g, 1, n)();
        for (let i = 0; i < n; i++) {
          let jacobianRow = 0;
          for (let k = 0; k < n; k++) jacobianRow += ((i === k ? s[i] : 0) - s[i] * s[k]) * u[k];
          expect(g[i]).toBeCloseTo(jacobianRow, 12);
        }
      }),
      fcOptions(100),
    );
  });

  it('the name lists come from the table: softmax ends a network only, and every elementwise activation is an elementwise function of the calculus', () => {
    expect(ACTIVATION_NAMES).toEqual(Object.keys(ACTIVATIONS));
    expect(HIDDEN_ACTIVATION_NAMES).toEqual(ACTIVATION_NAMES.filter((name) => name !== 'softmax'));
    for (const name of elementwise) expect(ELEMENTWISE_NAMES).toContain(name);
    expect(ELEMENTWISE_NAMES).not.toContain('softmax');
  });

  it('the hidden activations\' type is every name but softmax, as the list is', () => {
    expectTypeOf<HiddenActivationName>().toEqualTypeOf<'sigmoid' | 'tanh' | 'relu' | 'leaky-relu' | 'identity'>();
    expectTypeOf(HIDDEN_ACTIVATION_NAMES).toEqualTypeOf<readonly HiddenActivationName[]>();
    expect([...HIDDEN_ACTIVATION_NAMES].sort()).toEqual(['identity', 'leaky-relu', 'relu', 'sigmoid', 'tanh']);
  });
});
