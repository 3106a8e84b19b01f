import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { itemSize, safetensor, safetensorsDTypes, valuesOf, type SafetensorsDType, type TensorValues } from '../../src/checkpoint/safetensors-entry.js';
import { fcOptions } from '../support/fc.js';

const arrays: [SafetensorsDType, fc.Arbitrary<TensorValues>][] = [
  ['F64', fc.float64Array({ maxLength: 6 })],
  ['F32', fc.float32Array({ maxLength: 6 })],
  ['I64', fc.bigInt64Array({ maxLength: 6 })],
  ['U64', fc.bigUint64Array({ maxLength: 6 })],
  ['I32', fc.int32Array({ maxLength: 6 })],
  ['U32', fc.uint32Array({ maxLength: 6 })],
  ['I16', fc.int16Array({ maxLength: 6 })],
  ['U16', fc.uint16Array({ maxLength: 6 })],
  ['BF16', fc.uint16Array({ maxLength: 6 })],
  ['I8', fc.int8Array({ maxLength: 6 })],
  ['U8', fc.uint8Array({ maxLength: 6 })],
];

describe('safetensor and valuesOf', () => {
  it.each(arrays)('valuesOf(safetensor(%s, [n], values)) equals values, bit for bit', (dtype, arb) => {
    fc.assert(
      fc.property(arb, (values) => {
        const entry = safetensor(dtype, [values.length], values);
        const back = valuesOf(entry);
        expect(back.constructor).toBe(values.constructor);
        expect(Buffer.from(back.buffer, back.byteOffset, back.byteLength).equals(Buffer.from(values.buffer, values.byteOffset, values.byteLength))).toBe(true);
      }),
      fcOptions(50),
    );
  });

  it('bytes are little-endian: F32 1.0 is 00 00 80 3f', () => {
    expect([...safetensor('F32', [], new Float32Array([1])).bytes]).toEqual([0, 0, 0x80, 0x3f]);
  });

  it('safetensor copies: changing the source afterwards does not change the tensor', () => {
    const source = new Float32Array([1, 2]);
    const entry = safetensor('F32', [2], source);
    source[0] = 9;
    expect(valuesOf(entry)).toEqual(new Float32Array([1, 2]));
  });

  it('safetensor refuses a shape that disagrees with the values, or an array of the wrong element size', () => {
    expect(() => safetensor('F32', [3], new Float32Array(2))).toThrow(/shape \[3\] needs 3 elements, got 2/);
    expect(() => safetensor('F64', [2], new Float32Array(2))).toThrow(/Float32Array cannot hold F64/);
  });

  it('every dtype has a positive element size', () => {
    for (const dtype of safetensorsDTypes) expect([1, 2, 4, 8]).toContain(itemSize(dtype));
  });
});
