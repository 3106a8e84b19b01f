// Binding shapes to a spec: sizes per index, and the messages for shapes that do not fit.

import { describe, expect, test } from 'vitest';
import { EinsumError } from '../../src/einsum/einsum-error.js';
import { einsum } from '../../src/einsum/einsum.js';
import { indexSizes } from '../../src/einsum/index-sizes.js';
import { parseSpec } from '../../src/einsum/parse.js';
import { zeros } from '../../src/tensor/tensor.js';

function sizesOf(spec: string, shapes: number[][]): Map<string, number> {
  return indexSizes(spec, parseSpec(spec), shapes);
}

describe('indexSizes', () => {
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
