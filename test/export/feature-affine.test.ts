// The affine form of each normalisation: (x − shift) / divisor in float64 is what applyNormalization computes, bit for bit.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeDataset } from '../../src/data/dataset.js';
import { FITTED_NORMALIZE_NAMES, applyNormalization, fitNormalization } from '../../src/data/normalization.js';
import { UserError } from '../../src/errors.js';
import { featureAffine, isIdentityAffine } from '../../src/export/feature-affine.js';
import { fcOptions } from '../support/fc.js';

describe('featureAffine', () => {
  it('for every kind, f32((x − shift[j]) / divisor[j]) equals applyNormalization bit for bit', () => {
    const table = fc.integer({ min: 1, max: 6 }).chain((width) =>
      fc.tuple(fc.constant(width), fc.array(fc.float({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), { minLength: width, maxLength: 8 * width })),
    );
    fc.assert(
      fc.property(table, fc.constantFrom(...FITTED_NORMALIZE_NAMES), ([width, values], kind) => {
        const rows = Math.floor(values.length / width);
        const data = makeDataset(Float32Array.from(values.slice(0, rows * width)), new Int32Array(rows), width, 'table');
        const norm = fitNormalization(data, kind);
        const { shift, divisor } = featureAffine(norm, width);
        const mapped = data.features.map((x, i) => (x - shift[i % width]) / divisor[i % width]);
        expect(Array.from(mapped)).toEqual(Array.from(applyNormalization(norm, data).features));
      }),
      fcOptions(200),
    );
  });

  it('none is the identity map, and max and standard are not', () => {
    expect(isIdentityAffine(featureAffine({ kind: 'none' }, 3))).toBe(true);
    expect(isIdentityAffine(featureAffine({ kind: 'max', scale: 2 }, 3))).toBe(false);
    expect(isIdentityAffine(featureAffine({ kind: 'standard', mean: [0, 1], std: [1, 1] }, 2))).toBe(false);
  });

  it('a per-feature normalisation fitted to another width is a UserError', () => {
    expect(() => featureAffine({ kind: 'standard', mean: [0, 0, 0], std: [1, 1, 1] }, 2)).toThrow(
      new UserError('the "standard" normalisation was fitted to 3 features, but the model takes 2 inputs'),
    );
  });
});
