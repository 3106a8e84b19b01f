// expand: products of sums multiplied out into flat terms, without clashes between summed indices.

import { describe, expect, test } from 'vitest';
import { constant, product, ref, sum } from '../../src/calculus/expr.js';
import { IndexNames } from '../../src/calculus/index-names.js';
import { expand, termIndices } from '../../src/calculus/polynomial.js';
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
  test('a zero constant leaves no terms', () => {
    expect(expand(product([constant(0), ref('x', 'i')], 'i'), new IndexNames(['i'])).terms).toEqual([]);
  });
});
