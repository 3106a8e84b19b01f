// Binding shapes to a spec: sizes per index, ellipses written out, broadcast axes, and the messages for shapes that do not fit.

import { describe, expect, test } from 'vitest';
import { EinsumError } from '../../src/einsum/einsum-error.js';
import { einsum } from '../../src/einsum/einsum.js';
import { bindSpec } from '../../src/einsum/bind-spec.js';
import { parseSpec } from '../../src/einsum/parse.js';
import { zeros } from '../../src/tensor/tensor.js';

function sizesOf(spec: string, shapes: number[][]): Map<string, number> {
  return new Map(bindSpec(spec, parseSpec(spec), shapes).sizes);
}

describe('bindSpec', () => {
  test('each index gets the size of its axes, diagonals included', () => {
    expect(sizesOf('iij,jk->ik', [[2, 2, 3], [3, 4]])).toEqual(new Map([['i', 2], ['j', 3], ['k', 4]]));
    expect(sizesOf('->', [[]])).toEqual(new Map());
  });

  test.each([
    ['ij,jk->ik', [[2, 3]], "einsum 'ij,jk->ik': the spec names 2 operands but 1 was given"],
    ['ij->ji', [[2, 3], [3, 2]], "einsum 'ij->ji': the spec names 1 operand but 2 were given"],
    ['ij,jk->ik', [[2, 3], [3, 4, 5]], "einsum 'ij,jk->ik': operand 1 has rank 3 (shape [3, 4, 5]) but its index group 'jk' names 2 axes"],
    ['ij,jk->ik', [[2, 3], [4, 5]], "einsum 'ij,jk->ik': index 'j' has size 3 in operand 0 axis 1 but size 4 in operand 1 axis 0"],
    ['ii->i', [[2, 3]], "einsum 'ii->i': index 'i' has size 2 in operand 0 axis 0 but size 3 in operand 0 axis 1"],
    ['A *_(ij,jk,ik) B', [[2, 3], [2, 3]], "einsum 'A *_(ij,jk,ik) B': index 'j' has size 3 in operand 0 axis 1 but size 2 in operand 1 axis 0"],
  ])('shapes that do not fit %s are refused, naming the operand and index: %j', (spec, shapes, message) => {
    expect(() => sizesOf(spec, shapes)).toThrow(EinsumError);
    expect(() => sizesOf(spec, shapes)).toThrow(message);
  });

  test('einsum reports the same errors for tensors', () => {
    expect(() => einsum('ij,jk->ik', zeros([2, 3]), zeros([4, 5]))).toThrow("index 'j' has size 3 in operand 0 axis 1 but size 4 in operand 1 axis 0");
    expect(() => einsum('ij,jk->ik', zeros([2, 3]))).toThrow('the spec names 2 operands but 1 was given');
  });
});

describe('bindSpec: ellipses and broadcasting', () => {
  const bind = (spec: string, shapes: number[][]) => bindSpec(spec, parseSpec(spec), shapes);

  test("the ellipsis's axes are right-aligned and named by letters the spec leaves unused", () => {
    const bound = bind('...ij,...jk->...ik', [[2, 3, 4], [4, 5]]);
    expect(bound.axes).toEqual(['Zij', 'jk']);
    expect(bound.output).toBe('Zik');
    expect(new Map(bound.sizes)).toEqual(new Map([['Z', 2], ['i', 3], ['j', 4], ['k', 5]]));
    expect(bind('Z...,...Y', [[2, 3, 4], [4, 5]]).axes).toEqual(['ZWX', 'XY']);
  });

  test('an axis of size 1 where its index is larger elsewhere is broadcast: dropped from the group the plan reads', () => {
    const batched = bind('...ij,...jk->...ik', [[2, 1, 3, 4], [5, 4, 6]]);
    expect(batched.axes).toEqual(['YZij', 'Zjk']);
    expect(batched.inputs).toEqual(['Yij', 'Zjk']);
    expect(batched.output).toBe('YZik');
    expect(batched.sizes.get('Z')).toBe(5);
    const named = bind('ij,ij->j', [[10, 2], [1, 2]]);
    expect(named.inputs).toEqual(['ij', 'j']);
    expect(named.sizes.get('i')).toBe(10);
    // An index of size 1 everywhere stays: it may be in the output.
    expect(bind('ij,jk->ik', [[1, 2], [2, 1]]).inputs).toEqual(['ij', 'jk']);
    // Size 1 broadcasts against 0, as in numpy.
    expect(bind('i,i->i', [[1], [0]]).sizes.get('i')).toBe(0);
  });

  test('an output without the ellipsis leaves its letters to be summed', () => {
    expect(bind('...i->i', [[2, 3, 4]]).output).toBe('i');
    expect(bind('i->...i', [[4]]).output).toBe('i');
  });

  test.each([
    ['...ij', [[3]], "einsum '...ij': operand 0 has rank 1 (shape [3]) but its index group '...ij' names 2 axes besides the ellipsis"],
    ['...ij,...jk->...ik', [[2, 3, 4], [5, 4, 6]], "einsum '...ij,...jk->...ik': the ellipsis '...' has size 2 in operand 0 axis 0 but size 5 in operand 1 axis 0 (sizes broadcast only when equal or 1)"],
    ['ij,ij->j', [[10, 2], [3, 2]], "einsum 'ij,ij->j': index 'i' has size 10 in operand 0 axis 0 but size 3 in operand 1 axis 0 (sizes broadcast only when equal or 1)"],
    ['ii->i', [[1, 3]], "einsum 'ii->i': index 'i' has size 1 in operand 0 axis 0 but size 3 in operand 0 axis 1"],
  ])('shapes that do not fit %s are refused in one line: %j', (spec, shapes, message) => {
    expect(() => bind(spec, shapes)).toThrow(EinsumError);
    expect(() => bind(spec, shapes)).toThrow(message);
  });

  test('an ellipsis over more axes than there are unused letters is refused, saying so', () => {
    const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWX';
    const spec = `${letters}...->...`;
    const shape = [...Array.from(letters, () => 1), 1, 1, 1];
    expect(() => bind(spec, [shape])).toThrow('the ellipsis covers 3 axes but only 2 index letters are left unused to name them');
  });
});
