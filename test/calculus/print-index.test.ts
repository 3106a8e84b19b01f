// printIndex: the index form of docs/MATH.md, with Σ for summed indices and true minus signs.

import { describe, expect, test } from 'vitest';
import { apply, constant, delta, negate, product, ref, softmax, sum, zero } from '../../src/calculus/expr.js';
import { formatNumber, joinTerms, printIndex } from '../../src/calculus/print-index.js';

describe('printIndex', () => {
  test('prints tensors, deltas, functions, softmax and symbolic constants', () => {
    expect(printIndex(ref('W', 'ji'))).toBe('W[j,i]');
    expect(printIndex(ref('C'))).toBe('C');
    expect(printIndex(delta('i', 'k'))).toBe('δ[i,k]');
    expect(printIndex(apply('leaky-relu', ref('z', 'i'), true))).toBe("lrelu'(z[i])");
    expect(printIndex(softmax(ref('z', 'nj'), 'j'))).toBe('softmax_j(z[n,j])');
    expect(printIndex(product([constant(0.5, '1/n'), ref('x', 'i')], 'i'))).toBe('(1/n) x[i]');
  });
  test('marks summed indices with Σ and folds signs and coefficients', () => {
    expect(printIndex(product([ref('W', 'ji'), ref('a', 'ni')], 'nj'))).toBe('Σ_i W[j,i] a[n,i]');
    expect(printIndex(product([ref('x', 'ij')], ''))).toBe('Σ_{i,j} x[i,j]');
    expect(printIndex(sum([ref('a', 'j'), negate(ref('y', 'j'))]))).toBe('a[j] − y[j]');
    expect(printIndex(product([constant(-2), ref('x', 'i')], 'i'))).toBe('−2 x[i]');
    expect(printIndex(zero('ij'))).toBe('0');
    expect(printIndex(product([sum([ref('a', 'j'), ref('b', 'j')]), ref('c', 'j')], 'j'))).toBe('(a[j] + b[j]) c[j]');
  });
  test('formats numbers and joins terms with true minus signs', () => {
    expect(formatNumber(-0.25)).toBe('−0.25');
    expect(joinTerms(['a', '−b', 'c'])).toBe('a − b + c');
    expect(joinTerms([])).toBe('0');
  });
});
