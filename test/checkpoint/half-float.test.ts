// The 16-bit float decoders, checked over every bit pattern against decodings built from float32 bits.

import { describe, expect, it } from 'vitest';
import { decodeBfloat16, decodeFloat16, float16Value } from '../../src/checkpoint/half-float.js';

const ALL = Uint16Array.from({ length: 0x10000 }, (_, i) => i);

/** Whether two numbers are the same value: NaN equals NaN, −0 differs from 0. */
const same = (a: number, b: number): boolean => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));

/** The patterns at which `decoded` differs from `expected`. */
function mismatches(decoded: (bits: number) => number, expected: (bits: number) => number): number[] {
  const out: number[] = [];
  for (const bits of ALL) if (!same(decoded(bits), expected(bits))) out.push(bits);
  return out;
}

/** The float32 whose bits are `bits`. */
function float32OfBits(bits: number): number {
  const view = new DataView(new ArrayBuffer(4));
  view.setUint32(0, bits >>> 0);
  return view.getFloat32(0);
}

/**
 * binary16 decoded another way: a normal number's exponent rebiased from 15 to 127 and its fraction
 * moved to float32's place; a subnormal as fraction/1024 of the smallest normal 2^−14.
 */
function oracle(bits: number): number {
  const sign = bits >>> 15;
  const exponent = (bits >>> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0x1f) return fraction === 0 ? (sign === 1 ? -Infinity : Infinity) : Number.NaN;
  if (exponent === 0) return (sign === 1 ? -1 : 1) * (fraction / 1024) * float32OfBits(0x38800000);
  return float32OfBits((sign << 31) | ((exponent - 15 + 127) << 23) | (fraction << 13));
}

describe('float16Value', () => {
  it('equals the decoding from float32 bits on all 65,536 patterns (NaN for NaN, −0 for −0)', () => {
    expect(mismatches(float16Value, oracle)).toEqual([]);
  });

  it('gives the landmarks of binary16: 1, 65504, 2^−14, the subnormals 2^−24 and 1023·2^−24, ±Infinity, NaN', () => {
    expect([0x3c00, 0x7bff, 0x0400, 0x0001, 0x03ff, 0xc000].map(float16Value)).toEqual([1, 65504, 2 ** -14, 2 ** -24, 1023 * 2 ** -24, -2]);
    expect([float16Value(0x7c00), float16Value(0xfc00)]).toEqual([Infinity, -Infinity]);
    expect(Number.isNaN(float16Value(0x7e00))).toBe(true);
    expect(Object.is(float16Value(0x8000), -0)).toBe(true);
  });

  it('is strictly increasing over the finite positive patterns, and every value is exact in float32', () => {
    const bad: number[] = [];
    for (let bits = 1; bits < 0x7c00; bits++) {
      if (!(float16Value(bits) > float16Value(bits - 1)) || Math.fround(float16Value(bits)) !== float16Value(bits)) bad.push(bits);
    }
    expect(bad).toEqual([]);
  });

  it('decodeFloat16 writes float16Value of each pattern', () => {
    const out = new Float32Array(ALL.length);
    decodeFloat16(ALL, out);
    expect(mismatches((bits) => out[bits], float16Value)).toEqual([]);
  });
});

describe('decodeBfloat16', () => {
  it('gives the float32 whose upper 16 bits are the pattern, on all 65,536 patterns (subnormals, ±Infinity, NaN included)', () => {
    const out = new Float32Array(ALL.length);
    decodeBfloat16(ALL, out);
    expect(mismatches((bits) => out[bits], (bits) => float32OfBits(bits << 16))).toEqual([]);
    expect([out[0x3f80], out[0x0001], out[0x7f80], out[0x8000]]).toEqual([1, 2 ** -133, Infinity, -0]);
  });
});
