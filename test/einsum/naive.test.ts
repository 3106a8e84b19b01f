// The oracle itself, checked on contractions whose values are known by hand.

import { describe, expect, test } from 'vitest';
import { naiveEinsum } from '../../src/einsum/naive.js';
import { Tensor, tensor } from '../../src/tensor/tensor.js';

const A = tensor([1, 2, 3, 4, 5, 6], [2, 3]);
const B = tensor([7, 8, 9, 10, 11, 12], [3, 2]);
const S = tensor([1, 2, 3, 4, 5, 6, 7, 8, 9], [3, 3]);

describe('naiveEinsum', () => {
  test.each([
    ['ij,jk->ik', [A, B], [2, 2], [58, 64, 139, 154]],
    ['ij,jk->ki', [A, B], [2, 2], [58, 139, 64, 154]],
    ['ij->ji', [A], [3, 2], [1, 4, 2, 5, 3, 6]],
    ['ii->i', [S], [3], [1, 5, 9]],
    ['ii->', [S], [], [15]],
    ['ij->', [A], [], [21]],
    ['ij->j', [A], [3], [5, 7, 9]],
    ['i,i->', [tensor([1, 2, 3]), tensor([4, 5, 6])], [], [32]],
    ['i,j->ij', [tensor([1, 2]), tensor([3, 4, 5])], [2, 3], [3, 4, 5, 6, 8, 10]],
    ['i,i->i', [tensor([1, 2]), tensor([3, 4])], [2], [3, 8]],
    ['ij,j->i', [A, tensor([1, 0, -1])], [2], [-2, -2]],
    ['A *_(ij,jk,ik) B', [A, B], [2, 2], [58, 64, 139, 154]],
    ['ij,jk,kl->il', [A, B, tensor([1, 0, 0, 1], [2, 2])], [2, 2], [58, 64, 139, 154]],
    ['...ij,...jk->...ik', [tensor([1, 2, 3, 4], [2, 1, 2]), tensor([5, 6], [2, 1])], [2, 1, 1], [17, 39]],
    ['...ii->...i', [tensor([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2])], [2, 2], [1, 4, 5, 8]],
    ['i...->...', [A], [3], [5, 7, 9]],
    ['...,...', [A, tensor([1, 0, -1], [3])], [2, 3], [1, 0, -3, 4, 0, -6]],
    ['ij,ij->j', [tensor([1, 2, 3, 4, 5, 6], [3, 2]), tensor([10, 100], [1, 2])], [2], [90, 1200]],
  ])('%s gives the hand-computed values', (spec, operands, shape, values) => {
    const result = naiveEinsum(spec, ...operands);
    expect(result.shape).toEqual(shape);
    expect(result.toArray()).toEqual(values);
  });

  test('reads strided views through their strides and offset', () => {
    // Aᵀ as a view of A's storage: shape [3, 2], strides [1, 3].
    const transposed = new Tensor(A.data, [3, 2], [1, 3]);
    expect(naiveEinsum('ij->ij', transposed).toArray()).toEqual([1, 4, 2, 5, 3, 6]);
    const tail = new Tensor(Float64Array.from([9, 9, 1, 2, 3]), [3], [1], 2);
    expect(naiveEinsum('i->', tail).toArray()).toEqual([6]);
  });

  test('keeps the dtype of its operands', () => {
    expect(naiveEinsum('i->', tensor(new Float32Array([1, 2]))).dtype).toBe('float32');
  });
});
