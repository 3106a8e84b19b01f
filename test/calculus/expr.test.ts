// Index expressions: constructors check their indices, and free indices come out in order.

import { describe, expect, test } from 'vitest';
import { allIndices, apply, constant, delta, dependsOn, freeIndices, indexList, negate, product, ref, softmax, sum, tensorsOf, zero } from '../../src/calculus/expr.js';

describe('index expressions', () => {
  test('free indices: a tensor’s in order (a repeated index once), a product’s and a sum’s out, a function’s argument’s', () => {
    expect(freeIndices(ref('A', 'ii'))).toEqual(['i']);
    expect(freeIndices(delta('j', 'k'))).toEqual(['j', 'k']);
    expect(freeIndices(constant(2))).toEqual([]);
    expect(freeIndices(product([ref('W', 'ji'), ref('a', 'ni')], 'nj'))).toEqual(['n', 'j']);
    expect(freeIndices(sum([ref('x', 'ij'), ref('y', 'j')]))).toEqual(['i', 'j']);
    expect(freeIndices(apply('tanh', ref('z', 'nj')))).toEqual(['n', 'j']);
    expect(freeIndices(softmax(ref('z', 'nj'), 'j'))).toEqual(['n', 'j']);
    expect(freeIndices(negate(ref('x', 'i')))).toEqual(['i']);
    expect(freeIndices(zero('ab'))).toEqual(['a', 'b']);
  });
  test('constructors reject indices that are not single letters, repeated outputs, and foreign sum or softmax indices', () => {
    expect(() => ref('W', ['jj'])).toThrow(/single letter/);
    expect(() => product([ref('x', 'i')], 'ii')).toThrow(/repeats an index/);
    expect(() => sum([ref('x', 'i')], 'j')).toThrow(/index i/);
    expect(() => softmax(ref('x', 'i'), 'j')).toThrow(/no free index j/);
  });
  test('lists the tensors an expression reads and every index it uses', () => {
    const e = sum([product([ref('W', 'ji'), ref('a', 'i')], 'j'), ref('b', 'j')]);
    expect([...tensorsOf(e).keys()]).toEqual(['W', 'a', 'b']);
    expect([...allIndices(e)].sort()).toEqual(['i', 'j']);
    expect(dependsOn(e, 'a')).toBe(true);
    expect(dependsOn(e, 'g')).toBe(false);
    expect(indexList('ji')).toEqual(['j', 'i']);
  });

  test('apply refuses a function without a rule, instead of a TypeError deep in derive or evaluate', () => {
    expect(() => apply('gelu' as 'relu', ref('x', 'i'))).toThrow("apply: 'gelu' is not one of sigmoid, tanh, relu, leaky-relu, identity, exp, log");
  });
});
