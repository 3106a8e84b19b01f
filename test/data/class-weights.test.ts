// Balanced class weights: n / (classes · count), so that every class carries the same total weight.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { balancedClassWeights } from '../../src/data/class-weights.js';
import { fcOptions } from '../support/fc.js';

describe('balancedClassWeights', () => {
  it('each class weighs n / (classes · its rows): its rows together weigh n / classes, the weights in all n', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 2, maxLength: 6 }), (counts) => {
        const labels = Int32Array.from(counts.flatMap((count, c) => new Array<number>(count).fill(c)));
        const weights = balancedClassWeights(labels, counts.length);
        const n = labels.length;
        counts.forEach((count, c) => {
          expect(weights[c]).toBe(n / (counts.length * count));
          expect(count * weights[c]).toBeCloseTo(n / counts.length, 9);
        });
      }),
      fcOptions(100),
    );
  });

  it("scikit-learn's example: labels 0, 0, 0, 1 weigh 2/3 and 2", () => {
    expect(balancedClassWeights(Int32Array.of(0, 0, 0, 1), 2)).toEqual([4 / 6, 2]);
  });

  it('a class without rows has no balanced weight', () => {
    expect(() => balancedClassWeights(Int32Array.of(0, 0), 2)).toThrow(RangeError);
  });
});
