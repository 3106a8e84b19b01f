// printBlog: docs/MATH.md's notation table, and longer products read left to right.

import { describe, expect, test } from 'vitest';
import { apply, constant, delta, product, ref } from '../../src/calculus/expr.js';
import { printBlog } from '../../src/calculus/print-blog.js';

describe('printBlog', () => {
  test.each([
    ['matrix product', product([ref('A', 'ij'), ref('B', 'jk')], 'ik'), 'A *_(ij,jk,ik) B'],
    ['matrix-vector', product([ref('W', 'ji'), ref('a', 'i')], 'j'), 'W *_(ji,i,j) a'],
    ['inner product', product([ref('x', 'i'), ref('y', 'i')], ''), 'x *_(i,i,) y'],
    ['outer product', product([ref('x', 'i'), ref('y', 'j')], 'ij'), 'x *_(i,j,ij) y'],
    ['Hadamard product', product([ref('x', 'i'), ref('y', 'i')], 'i'), 'x *_(i,i,i) y'],
    ['diag(x)·A', product([ref('x', 'i'), ref('A', 'ij')], 'ij'), 'x *_(i,ij,ij) A'],
  ])('the %s reads as in docs/MATH.md', (_name, e, text) => {
    expect(printBlog(e)).toBe(text);
  });
  test('a chain keeps only the indices later steps need, and shows δ, σ\' and scalars', () => {
    const e = product([ref('g', 'nj'), apply('sigmoid', ref('z', 'nj'), true), ref('a', 'ni')], 'ji');
    expect(printBlog(e)).toBe("g *_(nj,nj,nj) σ'(z) *_(nj,ni,ji) a");
    expect(printBlog(product([constant(-2), delta('j', 'k'), ref('a', 'l')], 'jkl'))).toBe('−2 · δ *_(jk,l,jkl) a');
  });
  test('a single operand summed or broadcast is shown as a product with 1', () => {
    expect(printBlog(product([ref('g', 'nj')], 'j'))).toBe('g *_(nj,,j) 1');
    expect(printBlog(ref('x', 'i'))).toBe('x[i]');
  });
});
