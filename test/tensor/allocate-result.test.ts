// Result arrays: small ones carved from shared slabs behave as arrays of their own; larger ones have a buffer of their own.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { POOLED_MAX_BYTES, SLAB_BYTES, allocateResult } from '../../src/tensor/allocate-result.js';
import { bytesPer } from '../../src/tensor/dtype.js';
import { fcOptions } from '../support/fc.js';

describe('allocateResult', () => {
  test('result arrays are of the dtype and length asked, aligned, and never share an element with one another', () => {
    const request = fc.record({ dtype: fc.constantFrom('float32', 'float64'), length: fc.integer({ min: 0, max: POOLED_MAX_BYTES / 4 }) });
    fc.assert(
      fc.property(fc.array(request, { minLength: 1, maxLength: 60 }), (requests) => {
        const arrays = requests.map(({ dtype, length }) => allocateResult(dtype, length));
        for (const [t, array] of arrays.entries()) {
          const { dtype, length } = requests[t];
          expect(array.length).toBe(length);
          expect(array.BYTES_PER_ELEMENT).toBe(bytesPer(dtype));
          expect(array.byteOffset % 8).toBe(0);
          array.fill(t + 1);
        }
        for (const [t, array] of arrays.entries()) expect(array.every((x) => x === t + 1)).toBe(true);
      }),
      fcOptions(50),
    );
  });

  test('a small array shares a slab of SLAB_BYTES; one over POOLED_MAX_BYTES has a buffer of its own', () => {
    expect(allocateResult('float32', 64).buffer.byteLength).toBe(SLAB_BYTES);
    const large = allocateResult('float64', POOLED_MAX_BYTES / 8 + 1);
    expect(large.buffer.byteLength).toBe(large.byteLength);
  });
});
