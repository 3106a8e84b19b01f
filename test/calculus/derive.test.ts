// derive: every Jacobian of docs/MATH.md's table against central finite differences, the chain rule, the product rule.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { derive } from '../../src/calculus/derive.js';
import { apply, freeIndices, product, ref, softmax, sum } from '../../src/calculus/expr.js';
import { ELEMENTWISE_NAMES } from '../../src/ops/elementwise.js';
import { evaluate } from '../../src/calculus/evaluate.js';
import { jacobian } from '../../src/calculus/jacobian.js';
import { LOSSES } from '../../src/nn/losses/losses.js';
import { printIndex } from '../../src/calculus/print-index.js';
import { simplify } from '../../src/calculus/simplify.js';
import { einsum } from '../../src/einsum/einsum.js';
import { UserError } from '../../src/errors.js';
import { tensor } from '../../src/tensor/tensor.js';
import { fcOptions } from '../support/fc.js';
import { type Draw, assertClose, cases, finiteDifferences, matchesFiniteDifferences, valuesFor } from './oracle.js';
import { expressionCases, letterSizes, randomValues } from './random-expr.js';

const runs = fcOptions(100);

/** z[j] = W[j,i] a[i] + b[j], one sample (docs/MATH.md's section "One dense layer"). */
const layer = sum([product([ref('W', 'ji'), ref('a', 'i')], 'j'), ref('b', 'j')], 'j');

describe('the Jacobians of docs/MATH.md equal central finite differences', () => {
  const dense = { W: 'ji', a: 'i', b: 'j' };
  test('∂z[j]/∂b[k] = δ[j,k] equals finite differences', () => {
    expect(printIndex(simplify(derive(layer, 'b')))).toBe('δ[j,k]');
    fc.assert(matchesFiniteDifferences(layer, 'b', dense), runs);
  });
  test('∂z[j]/∂a[l] = W[j,l] equals finite differences', () => {
    expect(printIndex(simplify(derive(layer, 'a')))).toBe('W[j,k]');
    fc.assert(matchesFiniteDifferences(layer, 'a', dense), runs);
  });
  test('∂z[j]/∂W[k,l] = δ[j,k] a[l] equals finite differences', () => {
    expect(printIndex(simplify(derive(layer, 'W')))).toBe('δ[j,k] a[l]');
    fc.assert(matchesFiniteDifferences(layer, 'W', dense), runs);
  });
  for (const fn of ELEMENTWISE_NAMES) {
    test(`∂${fn}(z)[i]/∂z[k] = ${fn}'(z[i]) δ[i,k] equals finite differences`, () => {
      const a = apply(fn, ref('z', 'i'));
      expect(printIndex(simplify(derive(a, 'z')))).toMatch(/^\S+'\(z\[i\]\) δ\[i,k\]$/);
      const draw: Draw = fn === 'log' ? 'positive' : 'nonzero';
      fc.assert(matchesFiniteDifferences(a, 'z', { z: 'i' }, { z: draw }), runs);
    });
  }
  test('∂s[i]/∂z[k] = s[i] (δ[i,k] − s[k]) for s = softmax(z) equals finite differences', () => {
    const s = softmax(ref('z', 'i'), 'i');
    expect(printIndex(simplify(derive(s, 'z')))).toBe('softmax_i(z[i]) δ[i,k] − softmax_i(z[i]) softmax_k(z[k])');
    fc.assert(matchesFiniteDifferences(s, 'z', { z: 'i' }), runs);
  });
  test('∂MSE/∂a[k] = 2 (a[k] − y[k]) / n equals finite differences', () => {
    fc.assert(
      fc.property(cases('i'), (c) => {
        const mse = LOSSES.mse.expression(ref('a', 'i'), ref('y', 'i'), { outputs: c.sizes.i, huberDelta: 1 });
        const values = valuesFor(c, { a: 'i', y: 'i' });
        assertClose(jacobian(mse, 'a', values), finiteDifferences(mse, 'a', values));
        const a = values.a.toArray();
        const y = values.y.toArray();
        assertClose(jacobian(mse, 'a', values), tensor(a.map((ak, k) => (2 * (ak - y[k])) / c.sizes.i)));
      }),
      runs,
    );
  });
  test('∂CE(softmax(z))/∂z equals finite differences', () => {
    const ce = LOSSES['cross-entropy'].expression(softmax(ref('z', 'i'), 'i'), ref('y', 'i'), { outputs: 0, huberDelta: 1 });
    fc.assert(matchesFiniteDifferences(ce, 'z', { z: 'i', y: 'i' }, { y: 'simplex' }), runs);
  });
  test('the batched layer z[n,j] = W[j,i] a[n,i] + b[j] has finite-difference Jacobians for W, a and b', () => {
    const batched = sum([product([ref('W', 'ji'), ref('a', 'ni')], 'nj'), ref('b', 'j')], 'nj');
    for (const wrt of ['W', 'a', 'b']) fc.assert(matchesFiniteDifferences(batched, wrt, { W: 'ji', a: 'ni', b: 'j' }), runs);
  });
});

describe('the chain rule and the product rule', () => {
  test('chain rule: J(f∘g) = J_f · J_g (ij,jk->ik) for f = tanh(V·) and g = σ(W·)', () => {
    const inner = apply('sigmoid', product([ref('W', 'ji'), ref('x', 'i')], 'j'));
    const outer = apply('tanh', product([ref('V', 'mj'), ref('h', 'j')], 'm'));
    const composed = apply('tanh', product([ref('V', 'mj'), inner], 'm'));
    fc.assert(
      fc.property(cases('ijm'), (c) => {
        const values = valuesFor(c, { W: 'ji', x: 'i', V: 'mj' });
        const h = evaluate(inner, values);
        const jf = jacobian(outer, 'h', { ...values, h });
        const jg = jacobian(inner, 'x', values);
        assertClose(jacobian(composed, 'x', values), einsum('mj,ji->mi', jf, jg), 1e-12, 1e-9);
      }),
      runs,
    );
  });
  test('product rule: ∇(xᵀ A x) = (A + Aᵀ) x', () => {
    const quadratic = product([ref('x', 'i'), ref('A', 'ij'), ref('x', 'j')], '');
    fc.assert(
      fc.property(cases('i'), (c) => {
        const values = valuesFor(c, { x: 'i', A: 'ii' });
        const { A, x } = values;
        const ax = einsum('ij,j->i', A, x).toArray();
        const atx = einsum('ji,j->i', A, x).toArray();
        const expected = ax.map((v, k) => v + atx[k]);
        const gradient = jacobian(quadratic, 'x', values);
        expect(gradient.shape).toEqual([c.sizes.i]);
        gradient.toArray().forEach((g, k) => expect(g).toBeCloseTo(expected[k], 10));
      }),
      runs,
    );
  });
});

describe('derive on any expression', () => {
  test('the Jacobian of any expression, simplified or as derived, equals finite differences', () => {
    fc.assert(
      fc.property(expressionCases, ({ e, n, seed, wrt }) => {
        fc.pre(wrt !== undefined);
        const values = randomValues(n, seed);
        const sizes = letterSizes(n);
        fc.pre(evaluate(e, values, { sizes }).toArray().every((v) => Math.abs(v) < 1e3));
        const expected = finiteDifferences(e, wrt, values, sizes);
        assertClose(jacobian(e, wrt, values, { sizes }), expected);
        assertClose(jacobian(e, wrt, values, { sizes, unsimplified: true }), expected);
      }),
      fcOptions(300),
    );
  });
});

describe('derive', () => {
  test('the derivative carries the expression indices first, then fresh ones for the variable', () => {
    const d = derive(layer, 'W');
    expect(freeIndices(d)).toEqual(['j', 'k', 'l']);
    expect(printIndex(d)).toBe('Σ_i (δ[j,k] δ[i,l]) a[i]');
  });
  test('deriving by a tensor the expression does not read is a user error naming it', () => {
    expect(() => derive(layer, 'V')).toThrow(UserError);
    expect(() => derive(layer, 'V')).toThrow(/'V'/);
  });
  test('a second derivative of an elementwise function is refused', () => {
    expect(() => derive(apply('sigmoid', ref('z', 'i'), true), 'z')).toThrow(/second derivatives/);
  });
});
