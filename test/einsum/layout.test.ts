// Strided views through index letters: diagonals fold into strides, and merged strides address the same elements.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { contiguousLayout, mergedStride, operandLayout } from '../../src/einsum/layout.js';
import { fcOptions } from '../support/fc.js';

describe('layouts', () => {
  test("a repeated letter is one axis whose stride is the sum of its axes' strides", () => {
    const sizes = new Map([['i', 3], ['j', 4]]);
    expect(operandLayout('iij', sizes)).toEqual({ indices: 'ij', sizes: [3, 4], strides: [16, 1] });
    expect(operandLayout('iji', sizes)).toEqual({ indices: 'ij', sizes: [3, 4], strides: [13, 3] });
    expect(operandLayout('', sizes)).toEqual({ indices: '', sizes: [], strides: [] });
  });

  test('letters adjacent in a row-major layout, in its order, always merge, and the merged stride addresses the same elements', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...'abcdef'), { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 6, maxLength: 6 }),
        fc.nat(),
        fc.nat(),
        (letters, dims, from, length) => {
          const sizes = new Map(letters.map((l, t) => [l, dims[t]]));
          const layout = contiguousLayout(letters.join(''), sizes);
          const start = from % letters.length;
          const group = letters.slice(start, start + 1 + (length % (letters.length - start))).join('');
          const stride = mergedStride(layout, group);
          expect(stride).not.toBeNull();
          expectSameAddresses(layout.indices, layout.strides, sizes, group, stride ?? 0);
        },
      ),
      fcOptions(100),
    );
  });

  test('a merged stride, when one is found for any order of any letters, addresses the same elements as the separate strides', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...'abcdef'), { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 6, maxLength: 6 }),
        fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 6, maxLength: 6 }),
        fc.nat(),
        (letters, dims, strides, pick) => {
          const sizes = new Map(letters.map((l, t) => [l, dims[t]]));
          const layout = { indices: letters.join(''), sizes: letters.map((l) => sizes.get(l) ?? 1), strides: strides.slice(0, letters.length) };
          const group = letters.filter((_, t) => (pick >> t) & 1).join('');
          const stride = mergedStride(layout, group);
          if (stride !== null) expectSameAddresses(layout.indices, layout.strides, sizes, group, stride);
        },
      ),
      fcOptions(200),
    );
  });

  test('letters out of order or with a gap do not merge', () => {
    const layout = contiguousLayout('ijk', new Map([['i', 2], ['j', 3], ['k', 4]]));
    expect(mergedStride(layout, 'ji')).toBeNull();
    expect(mergedStride(layout, 'ik')).toBeNull();
    expect(mergedStride(layout, 'jk')).toBe(1);
    expect(mergedStride(layout, 'ij')).toBe(4);
    expect(mergedStride(layout, '')).toBe(1);
  });
});

/** Checks Σ v[t]·stride[t] = flat(v)·merged for every value of the group's letters, flat(v) row-major in the group's order. */
function expectSameAddresses(indices: string, strides: readonly number[], sizes: Map<string, number>, group: string, merged: number): void {
  const dims = [...group].map((l) => sizes.get(l) ?? 1);
  const own = [...group].map((l) => strides[indices.indexOf(l)]);
  const total = dims.reduce((p, d) => p * d, 1);
  for (let flat = 0; flat < total; flat++) {
    let rest = flat;
    let address = 0;
    for (let t = group.length - 1; t >= 0; t--) {
      address += (rest % dims[t]) * own[t];
      rest = Math.floor(rest / dims[t]);
    }
    expect(address).toBe(flat * merged);
  }
}
