import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REGION_ALIGN } from '../../src/parallel/layout.js';
import { parameterRanges } from '../../src/parallel/update.js';
import { fcOptions } from '../support/fc.js';

describe('parameterRanges', () => {
  it('ranges cover the parameters in order, none empty, every inner bound on a 128-byte boundary', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300_000 }), fc.integer({ min: 1, max: 32 }), (count, parts) => {
        const ranges = parameterRanges(count, parts);
        expect(ranges.length).toBeGreaterThan(0);
        expect(ranges.length).toBeLessThanOrEqual(parts);
        let next = 0;
        for (const r of ranges) {
          expect(r.begin).toBe(next);
          expect(r.end).toBeGreaterThan(r.begin);
          expect((4 * r.begin) % REGION_ALIGN).toBe(0);
          next = r.end;
        }
        expect(next).toBe(count);
      }),
      fcOptions(200),
    );
  });
});
