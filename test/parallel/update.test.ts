import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REGION_ALIGN } from '../../src/parallel/layout.js';
import { KernelMemory } from '../../src/kernels/kernel-memory.js';
import { addIntoLoop, reduceShards, treeAdds } from '../../src/parallel/reduce.js';
import { bindRangeUpdate, parameterRanges } from '../../src/parallel/update.js';
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

describe('bindRangeUpdate', () => {
  it('with the whole tree, sums the regions over the range in reduceShards’s order, bit for bit, in kernel memory or not, and checks the sum', () => {
    const memory = KernelMemory.main();
    const shape = fc.record({ shards: fc.integer({ min: 1, max: 9 }), n: fc.integer({ min: 1, max: 70 }), cut: fc.nat(), poison: fc.boolean() });
    fc.assert(
      fc.property(shape, fc.array(fc.float({ noNaN: true, noDefaultInfinity: true }), { minLength: 9 * 70, maxLength: 9 * 70 }), ({ shards, n, cut, poison }, values) => {
        const begin = cut % n;
        const fill = (make: (length: number) => Float32Array): Float32Array[] =>
          Array.from({ length: shards }, (_, s) => {
            const region = make(n);
            region.set(values.slice(s * n, (s + 1) * n));
            return region;
          });
        const expected = reduceShards(fill((length) => new Float32Array(length)), shards, begin, n, addIntoLoop);
        const bits = (a: Float32Array): number[] => Array.from(new Uint32Array(a.slice(begin, n).buffer));
        const mark = memory.mark();
        try {
          for (const grads of [fill((length) => new Float32Array(length)), fill((length) => memory.f32(memory.alloc(4 * length), length))]) {
            if (poison) grads[shards - 1][n - 1] = Number.NaN;
            const bound = bindRangeUpdate(grads, treeAdds(shards), { begin, end: n }, () => () => {});
            for (const add of bound.reduce) add();
            if (!poison) expect(bits(grads[0])).toEqual(bits(expected));
            expect(bound.finite()).toBe(!poison && expected.subarray(begin, n).every(Number.isFinite));
          }
        } finally {
          memory.release(mark);
        }
      }),
      fcOptions(100),
    );
  });
});
