// A model tensor's values as float32: F64, F16 and BF16 converted, non-floats and non-finite values refused by name.

import { describe, expect, it } from 'vitest';
import { float32Values } from '../../src/checkpoint/float32-values.js';
import { type SafetensorsDType, type TensorValues, safetensor } from '../../src/checkpoint/safetensors-entry.js';

function fail(what: string): never {
  throw new Error(what);
}

const read = (dtype: SafetensorsDType, values: TensorValues): Float32Array => float32Values(safetensor(dtype, [values.length], values), 'w', fail);

describe('float32Values', () => {
  it('reads F32 as it is, rounds F64 to the nearest float32, and decodes F16 and BF16 exactly', () => {
    expect(read('F32', Float32Array.of(1.5, -2, 0.1))).toEqual(Float32Array.of(1.5, -2, 0.1));
    expect(read('F64', Float64Array.of(0.1, 1e-40, -3))).toEqual(Float32Array.of(Math.fround(0.1), Math.fround(1e-40), -3));
    // binary16: 1, −2, the smallest subnormal; bfloat16: 1, −2, and 1 + 2^−7.
    expect(read('F16', Uint16Array.of(0x3c00, 0xc000, 0x0001))).toEqual(Float32Array.of(1, -2, 2 ** -24));
    expect(read('BF16', Uint16Array.of(0x3f80, 0xc000, 0x3f81))).toEqual(Float32Array.of(1, -2, 1 + 2 ** -7));
  });

  it('refuses a NaN or ±Infinity in any dtype, and an F64 beyond float32, naming the tensor and the element', () => {
    expect(() => read('F16', Uint16Array.of(0x3c00, 0x7c00))).toThrow('tensor "w" holds Infinity at element 1; a model\'s values must be finite');
    expect(() => read('BF16', Uint16Array.of(0xffc0))).toThrow('tensor "w" holds NaN at element 0');
    expect(() => read('F32', Float32Array.of(0, 0, -Infinity))).toThrow('tensor "w" holds -Infinity at element 2');
    expect(() => read('F64', Float64Array.of(1e39))).toThrow("tensor \"w\" holds 1e+39 at element 0, beyond float32's range; a model's values must be finite");
  });

  it('refuses integer, boolean and 8-bit float tensors, naming the dtype', () => {
    expect(() => read('I32', Int32Array.of(1))).toThrow('tensor "w" is I32; a model\'s tensors are floats: F32, F64, F16, BF16');
    expect(() => read('F8_E4M3', Uint8Array.of(1))).toThrow(/is F8_E4M3/);
  });
});
