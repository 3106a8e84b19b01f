// evaluate: index expressions against hand-written loops, diagonals, broadcasting, softmax, user errors.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { apply, constant, delta, product, ref, softmax, sum } from '../../src/calculus/expr.js';
import { evaluate, indexSizes } from '../../src/calculus/evaluate.js';
import { UserError } from '../../src/errors.js';
import { tensor } from '../../src/tensor/tensor.js';
import { fcOptions } from '../support/fc.js';
import { assertClose, cases, valuesFor } from './oracle.js';

const runs = fcOptions(100);

describe('evaluate', () => {
  test('the batched dense layer Σ_i W[j,i] a[n,i] + b[j] equals its loops', () => {
    const layer = sum([product([ref('W', 'ji'), ref('a', 'ni')], 'nj'), ref('b', 'j')], 'nj');
    fc.assert(
      fc.property(cases('nji'), (c) => {
        const { n, j, i } = c.sizes;
        const values = valuesFor(c, { W: 'ji', a: 'ni', b: 'j' });
        const expected = new Float64Array(n * j);
        for (let r = 0; r < n; r++) {
          for (let q = 0; q < j; q++) {
            let z = values.b.data[q];
            for (let p = 0; p < i; p++) z += values.W.data[q * i + p] * values.a.data[r * i + p];
            expected[r * j + q] = z;
          }
        }
        assertClose(evaluate(layer, values), tensor(expected, [n, j]), 1e-12, 1e-12);
      }),
      runs,
    );
  });
  test('softmax along an axis is positive and sums to 1 along it', () => {
    fc.assert(
      fc.property(cases('nj'), (c) => {
        const s = evaluate(softmax(ref('z', 'nj'), 'n'), valuesFor(c, { z: 'nj' }));
        for (let q = 0; q < c.sizes.j; q++) {
          let total = 0;
          for (let r = 0; r < c.sizes.n; r++) total += s.get(r, q);
          expect(total).toBeCloseTo(1, 12);
        }
      }),
      runs,
    );
  });
  test('a repeated index reads the diagonal, a delta is the identity, constants scale, and a sum broadcasts', () => {
    const A = tensor([1, 2, 3, 4], [2, 2]);
    expect(evaluate(ref('A', 'ii'), { A }).toArray()).toEqual([1, 4]);
    expect(evaluate(delta('i', 'k'), {}, { sizes: { i: 2, k: 2 } }).toArray()).toEqual([1, 0, 0, 1]);
    expect(evaluate(product([constant(3), ref('A', 'ij')], 'ji'), { A }).toArray()).toEqual([3, 9, 6, 12]);
    expect(evaluate(sum([ref('A', 'ij'), ref('x', 'j')], 'ij'), { A, x: tensor([10, 20]) }).toArray()).toEqual([11, 22, 13, 24]);
    expect(evaluate(apply('relu', ref('x', 'i')), { x: tensor([-1, 2]) }).toArray()).toEqual([0, 2]);
    expect(evaluate(apply('sigmoid', ref('x', 'i'), true), { x: tensor([0]) }).toArray()).toEqual([0.25]);
  });
  test('the result never shares storage with an input', () => {
    const x = tensor([1, 2]);
    const y = evaluate(ref('x', 'i'), { x });
    y.data[0] = 7;
    expect(x.data[0]).toBe(1);
  });
  test('a missing tensor, a wrong rank and disagreeing sizes are user errors that name the tensor or index', () => {
    const A = tensor([1, 2, 3, 4, 5, 6], [2, 3]);
    expect(() => evaluate(ref('B', 'ij'), { A })).toThrow(UserError);
    expect(() => evaluate(ref('A', 'i'), { A })).toThrow(/A\[i\] but its value has 2 axes/);
    expect(() => evaluate(product([ref('A', 'ij'), ref('x', 'j')], 'i'), { A, x: tensor([1, 2]) })).toThrow(/index j/);
    expect(() => evaluate(delta('i', 'k'), {})).toThrow(/size of index/);
    expect(indexSizes(ref('A', 'ij'), { A })).toEqual({ i: 2, j: 3 });
  });
});
