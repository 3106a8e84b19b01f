import { describe, expect, it } from 'vitest';
import { Tensor, tensor } from '../../src/tensor/tensor.js';

describe('Tensor: a view reaches only elements of its storage', () => {
  it('a negative stride walks down from the offset: allowed while it stays in the storage', () => {
    const data = new Float64Array([1, 2, 3]);
    expect(new Tensor(data, [3], [-1], 2).toArray()).toEqual([3, 2, 1]);
    expect(() => new Tensor(data, [3], [-1])).toThrow('shape [3] with strides [-1] at offset 0 reaches elements -2 to 0 of storage of length 3');
  });

  it('fractional strides or offsets, and storage that is not Float32Array or Float64Array, are refused', () => {
    const data = new Float64Array(4);
    expect(() => new Tensor(data, [2], [1.5])).toThrow('strides [1.5] and offset 0 must be integers');
    expect(() => new Tensor(data, [2], [1], 0.5)).toThrow('must be integers');
    expect(() => new Tensor([1, 2] as unknown as Float64Array, [2])).toThrow(TypeError);
  });
});

describe('tensor()', () => {
  it('takes arrays of numbers and float typed arrays, and nothing that would become NaN', () => {
    expect(tensor([1, 2, 3, 4], [2, 2]).shape).toEqual([2, 2]);
    expect(tensor(new Float32Array(2)).dtype).toBe('float32');
    for (const bad of [['a', 2], { length: 3 }, 5]) expect(() => tensor(bad as unknown as number[])).toThrow('tensor() takes an array of numbers');
  });
});
