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

describe('tensor(data, shape, dtype)', () => {
  it('plain arrays and integer typed arrays become float64 unless dtype says float32', () => {
    expect(tensor([1, 2, 3]).dtype).toBe('float64');
    expect(tensor([1, 2, 3], [3], 'float32').data).toEqual(new Float32Array([1, 2, 3]));
    expect(tensor(new Int32Array([1, -2]), [2]).data).toEqual(new Float64Array([1, -2]));
    expect(tensor(new Uint8Array([3, 4]), [1, 2], 'float32').data).toEqual(new Float32Array([3, 4]));
  });

  it('a float typed array keeps its dtype and storage, unless dtype names the other one: then it is converted', () => {
    const single = new Float32Array([0.1, 2]);
    expect(tensor(single).data).toBe(single);
    expect(tensor(single, [2], 'float32').data).toBe(single);
    const widened = tensor(single, [2], 'float64');
    expect(widened.dtype).toBe('float64');
    expect(Array.from(widened.data)).toEqual(Array.from(single));
    const narrowed = tensor(new Float64Array([0.1, 2]), [1, 2], 'float32');
    expect(narrowed.data).toEqual(new Float32Array([Math.fround(0.1), 2]));
  });

  it('a dtype other than float32 or float64 is refused in one line', () => {
    expect(() => tensor([1], [1], 'int8' as 'float32')).toThrow('tensor(): dtype "int8" is not one of float32, float64');
  });

  it('isContiguous is true exactly for row-major strides (size-1 axes aside)', () => {
    const data = new Float64Array(12);
    expect(new Tensor(data, [3, 4]).isContiguous).toBe(true);
    expect(new Tensor(data, [3, 4], [1, 3]).isContiguous).toBe(false);
    expect(new Tensor(data, [1, 4], [99, 1]).isContiguous).toBe(true);
    expect(new Tensor(data, [3, 1, 4], [4, 7, 1]).isContiguous).toBe(true);
    expect(new Tensor(data, [2, 2], [4, 1]).isContiguous).toBe(false);
  });
});
