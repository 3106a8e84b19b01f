// jacobian: the materialised Jacobian's layout, and the structure docs/MATH.md asserts of activation Jacobians.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { apply, product, ref, softmax } from '../../src/calculus/expr.js';
import { ELEMENTWISE_NAMES } from '../../src/ops/elementwise.js';
import { jacobian } from '../../src/calculus/jacobian.js';
import { UserError } from '../../src/errors.js';
import { fcOptions } from '../support/fc.js';
import { cases, valuesFor } from './oracle.js';

const runs = fcOptions(100);

describe('activation Jacobians', () => {
  for (const fn of ELEMENTWISE_NAMES) {
    test(`∂${fn}(z)/∂z is diagonal: every off-diagonal entry is exactly 0, of either sign (z[n,j] by z[m,k])`, () => {
      fc.assert(
        fc.property(cases('nj'), (c) => {
          const { n, j } = c.sizes;
          const values = valuesFor(c, { z: 'nj' }, { z: fn === 'log' ? 'positive' : 'nonzero' });
          const jac = jacobian(apply(fn, ref('z', 'nj')), 'z', values);
          expect(jac.shape).toEqual([n, j, n, j]);
          for (let a = 0; a < n * j; a++) {
            for (let b = 0; b < n * j; b++) {
              if (a !== b) expect(jac.data[a * n * j + b] === 0).toBe(true);
            }
          }
        }),
        runs,
      );
    });
  }
  test('the softmax Jacobian is symmetric and each row sums to 0', () => {
    fc.assert(
      fc.property(cases('i'), (c) => {
        const { i } = c.sizes;
        const jac = jacobian(softmax(ref('z', 'i'), 'i'), 'z', valuesFor(c, { z: 'i' })).data;
        for (let a = 0; a < i; a++) {
          let row = 0;
          for (let b = 0; b < i; b++) {
            row += jac[a * i + b];
            expect(Math.abs(jac[a * i + b] - jac[b * i + a])).toBeLessThanOrEqual(1e-15);
          }
          expect(Math.abs(row)).toBeLessThanOrEqual(1e-15);
        }
      }),
      runs,
    );
  });
});

describe('jacobian', () => {
  test('puts the expression’s axes first, then the variable’s: ∂M[i,j]/∂S[k,l,m] has shape [i,j,k,l,m]', () => {
    const m = product([ref('S', 'ijk'), ref('x', 'k')], 'ij');
    const values = valuesFor({ sizes: { i: 2, j: 3, k: 4 }, seed: 3 }, { S: 'ijk', x: 'k' });
    expect(jacobian(m, 'S', values).shape).toEqual([2, 3, 2, 3, 4]);
    expect(jacobian(m, 'x', values).shape).toEqual([2, 3, 4]);
  });
  test('a missing variable value is a user error naming it', () => {
    expect(() => jacobian(ref('x', 'i'), 'x', {})).toThrow(UserError);
    expect(() => jacobian(ref('x', 'i'), 'x', {})).toThrow(/'x'/);
  });
});
