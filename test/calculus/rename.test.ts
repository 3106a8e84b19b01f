// rename: free indices change, summed ones stay out of the way, and a softmax axis is never merged.

import { describe, expect, test } from 'vitest';
import { product, ref, softmax, sum } from '../../src/calculus/expr.js';
import { IndexNames } from '../../src/calculus/index-names.js';
import { printIndex } from '../../src/calculus/print-index.js';
import { mergesSoftmaxAxis, rename } from '../../src/calculus/rename.js';

describe('rename', () => {
  test('renames free indices and leaves summed ones alone', () => {
    const e = product([ref('W', 'ji'), ref('a', 'i')], 'j');
    expect(printIndex(rename(e, new Map([['j', 'k']]), new IndexNames(['i', 'j'])))).toBe('Σ_i W[k,i] a[i]');
    expect(printIndex(rename(e, new Map([['i', 'k']]), new IndexNames(['i', 'j'])))).toBe('Σ_i W[j,i] a[i]');
  });
  test('moves a summed index out of the way of a new name instead of capturing it', () => {
    const e = product([ref('W', 'ji'), ref('a', 'i')], 'j');
    expect(printIndex(rename(e, new Map([['j', 'i']]), new IndexNames(['i', 'j'])))).toBe('Σ_k W[i,k] a[k]');
  });
  test('mapping two free indices to one reads a diagonal', () => {
    expect(printIndex(rename(sum([ref('A', 'ij'), ref('B', 'ji')]), new Map([['j', 'i']]), new IndexNames('ij')))).toBe('A[i,i] + B[i,i]');
  });
  test('knows when a rename would merge a softmax axis with another index', () => {
    const s = softmax(ref('z', 'nj'), 'j');
    expect(mergesSoftmaxAxis(s, 'n', 'j')).toBe(true);
    expect(mergesSoftmaxAxis(s, 'n', 'm')).toBe(false);
    expect(mergesSoftmaxAxis(softmax(ref('z', 'nij'), 'j'), 'n', 'i')).toBe(false);
  });
});
