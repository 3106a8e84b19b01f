// Tests of holding rows out: the last ones of an order, or the last ones of each class, by largest remainders.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { holdOut } from '../../src/data/hold-out.js';
import { fcOptions } from '../support/fc.js';

/** An order of `count` rows: 0, 1, …, count − 1. */
const identity = (count: number): Uint32Array => Uint32Array.from({ length: count }, (_, r) => r);

describe('holdOut', () => {
  it('the kept and held rows partition the order, each part in its order', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(3), { minLength: 1, maxLength: 80 }), fc.double({ min: 0, max: 0.9, noNaN: true }), fc.boolean(), (labels, fraction, stratify) => {
        const order = Uint32Array.from(labels.map((_, r) => r).reverse());
        const strata = stratify ? { labels: Int32Array.from(labels), classCount: 4 } : null;
        const { kept, held } = holdOut(order, fraction, strata);
        const position = (row: number): number => order.indexOf(row);
        for (const part of [kept, held]) expect(Array.from(part).map(position)).toEqual(Array.from(part).map(position).sort((a, b) => a - b));
        expect([...kept, ...held].sort((a, b) => a - b)).toEqual(Array.from(identity(labels.length)));
      }),
      fcOptions(200),
    );
  });

  it('stratified, the held rows are round(count × fraction) but for classes too small to give one and keep one', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 5, max: 40 }), { minLength: 1, maxLength: 5 }), fc.double({ min: 0, max: 0.8, noNaN: true }), (sizes, fraction) => {
        const labels = Int32Array.from(sizes.flatMap((size, c) => Array<number>(size).fill(c)));
        const { held } = holdOut(identity(labels.length), fraction, { labels, classCount: sizes.length });
        expect(held.length).toBe(Math.round(labels.length * fraction));
        sizes.forEach((size, c) => {
          const taken = Array.from(held).filter((row) => labels[row] === c).length;
          expect(taken).toBeGreaterThanOrEqual(Math.floor(size * fraction));
          expect(taken).toBeLessThanOrEqual(Math.ceil(size * fraction));
        });
      }),
      fcOptions(200),
    );
  });

  it('a class of one row stays in the kept rows; the held rows are the last of each class', () => {
    const labels = Int32Array.from([0, 0, 0, 0, 1, 1, 1, 1, 2]);
    // round(4.5) = 5 held: 2 of each class of four, then the one more that class 2 cannot give goes to class 0.
    const { kept, held } = holdOut(identity(9), 0.5, { labels, classCount: 3 });
    expect(Array.from(held)).toEqual([1, 2, 3, 6, 7]);
    expect(Array.from(kept)).toEqual([0, 4, 5, 8]);
  });

  it('unstratified, the held rows are the last round(count × fraction) of the order', () => {
    const { kept, held } = holdOut(Uint32Array.from([4, 2, 0, 1, 3]), 0.4, null);
    expect([Array.from(kept), Array.from(held)]).toEqual([[4, 2, 0], [1, 3]]);
  });
});
