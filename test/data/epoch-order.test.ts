// Tests of the per-epoch row order: a permutation, seeded, or the identity.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { epochOrder } from '../../src/data/epoch-order.js';
import { Random } from '../../src/tensor/random.js';
import { fcOptions } from '../support/fc.js';

describe('epochOrder', () => {
  it('is a permutation of 0..count−1, the same for the same seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.nat(), (count, seed) => {
        const order = epochOrder(count, Random.stream(seed, 'shuffle'));
        expect(Array.from(order).sort((a, b) => a - b)).toEqual(Array.from({ length: count }, (_, i) => i));
        expect(epochOrder(count, Random.stream(seed, 'shuffle'))).toEqual(order);
      }),
      fcOptions(50),
    );
  });

  it('successive epochs from one stream get different orders', () => {
    const random = Random.stream(1, 'shuffle');
    expect(epochOrder(50, random)).not.toEqual(epochOrder(50, random));
  });

  it('is the identity without a Random', () => {
    expect(Array.from(epochOrder(5, null))).toEqual([0, 1, 2, 3, 4]);
  });

  it('a row count that is not a whole number is refused', () => {
    for (const count of [2.5, -1, Number.NaN]) expect(() => epochOrder(count, null)).toThrow('epochOrder: the row count must be a whole number');
  });
});
