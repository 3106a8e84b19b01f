// A per-column affine map over rows: each value becomes f32((x − shift[j]) / divisor[j]), in a new array.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyColumnAffine, isIdentityAffine } from '../../src/data/column-affine.js';
import { fcOptions } from '../support/fc.js';

const floats = fc.float({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 });
const divisors = fc.double({ noNaN: true, min: 1e-3, max: 1e3 });

describe('applyColumnAffine', () => {
  it('maps the value at row r, column j to f32((x − shift[j]) / divisor[j]) in a new array, leaving the input as it is', () => {
    const maps = fc.integer({ min: 1, max: 5 }).chain((width) =>
      fc.record({
        shift: fc.array(fc.double({ noNaN: true, min: -1e3, max: 1e3 }), { minLength: width, maxLength: width }),
        divisor: fc.array(divisors, { minLength: width, maxLength: width }),
        values: fc.array(floats, { minLength: 0, maxLength: 6 * width }).map((v) => v.slice(0, v.length - (v.length % width))),
      }),
    );
    fc.assert(
      fc.property(maps, ({ shift, divisor, values }) => {
        const width = shift.length;
        const input = Float32Array.from(values);
        const mapped = applyColumnAffine({ shift: Float64Array.from(shift), divisor: Float64Array.from(divisor) }, input, input.length / width);
        expect(mapped).not.toBe(input);
        expect(Array.from(input)).toEqual(Array.from(Float32Array.from(values)));
        expect(Array.from(mapped)).toEqual(values.map((x, i) => Math.fround((Math.fround(x) - shift[i % width]) / divisor[i % width])));
      }),
      fcOptions(200),
    );
  });

  it('the identity map gives every value back, −0 included, in a copy', () => {
    const input = Float32Array.of(-0, 1.5, -2, 3);
    const copied = applyColumnAffine({ shift: new Float64Array(2), divisor: Float64Array.of(1, 1) }, input, 2);
    expect(copied).not.toBe(input);
    expect(Array.from(copied)).toEqual([-0, 1.5, -2, 3]);
    expect(Object.is(copied[0], -0)).toBe(true);
  });
});

describe('isIdentityAffine', () => {
  it('holds exactly when every shift is 0 and every divisor 1', () => {
    expect(isIdentityAffine({ shift: new Float64Array(3), divisor: Float64Array.of(1, 1, 1) })).toBe(true);
    expect(isIdentityAffine({ shift: Float64Array.of(0, 0.5), divisor: Float64Array.of(1, 1) })).toBe(false);
    expect(isIdentityAffine({ shift: Float64Array.of(0, 0), divisor: Float64Array.of(1, 2) })).toBe(false);
  });
});
