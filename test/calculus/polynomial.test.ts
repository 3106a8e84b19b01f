// expand: products of sums multiplied out into flat terms, without clashes between summed indices.

import { describe, expect, test } from 'vitest';
import { constant, product, ref, sum } from '../../src/calculus/expr.js';
import { IndexNames } from '../../src/calculus/index-names.js';
import { MAX_TERMS, expand, termIndices } from '../../src/calculus/polynomial.js';
import { UserError } from '../../src/errors.js';
import { printIndex } from '../../src/calculus/print-index.js';

describe('expand', () => {
  test('multiplies out (a + b) c into a c + b c and folds numbers into coefficients', () => {
    const e = product([constant(3), sum([ref('a', 'j'), ref('b', 'j')]), ref('c', 'j')], 'j');
    const p = expand(e, new IndexNames(['j']));
    expect(p.out).toEqual(['j']);
    expect(p.terms.map((t) => [t.coefficient, t.factors.map(printIndex).join(' ')])).toEqual([
      [3, 'a[j] c[j]'],
      [3, 'b[j] c[j]'],
    ]);
  });
  test('renames a nested product’s summed index where it would clash with the outer product’s', () => {
    const inner = product([ref('A', 'ij'), ref('x', 'j')], 'i');
    const e = product([inner, ref('B', 'ji')], 'j');
    const [term] = expand(e, new IndexNames(['i', 'j'])).terms;
    expect(term.factors.map(printIndex).join(' ')).toBe('A[i,k] x[k] B[j,i]');
    expect(termIndices(term)).toEqual(['i', 'k', 'j']);
  });
  test('a product of sums that would multiply out past MAX_TERMS is a usage error, raised before the terms are made', () => {
    const twos = (n: number) => product(Array.from({ length: n }, () => sum([ref('a', 'j'), ref('b', 'j')])), 'j');
    const fits = Math.log2(MAX_TERMS);
    expect(expand(twos(fits), new IndexNames(['j'])).terms).toHaveLength(MAX_TERMS);
    expect(() => expand(twos(fits + 1), new IndexNames(['j']))).toThrow(UserError);
    // 2^40 terms would never finish; the budget stops it at once.
    expect(() => expand(twos(40), new IndexNames(['j']))).toThrow(`the expression multiplies out to more than ${MAX_TERMS.toLocaleString('en-US')} terms`);
  });
  test('a zero constant leaves no terms', () => {
    expect(expand(product([constant(0), ref('x', 'i')], 'i'), new IndexNames(['i'])).terms).toEqual([]);
  });
});
