import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addIntoLoop, mergesAfter, reduceShards, sumLevel, treeAdds } from '../../src/parallel/reduce.js';
import { fcOptions } from '../support/fc.js';

describe('reduceShards', () => {
  it('the pairwise sum equals the float64 sum to float32 rounding, and a sliced reduction equals the whole one bitwise', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 17 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 40 }), (shards, n, cut) => {
        const make = (): Float32Array[] => Array.from({ length: shards }, (_, s) => Float32Array.from({ length: n }, (_, i) => Math.sin(s * 31 + i * 7) * 3));
        const whole = reduceShards(make(), shards, 0, n, addIntoLoop).slice();
        const parts = make();
        const at = Math.min(cut, n);
        reduceShards(parts, shards, 0, at, addIntoLoop);
        reduceShards(parts, shards, at, n, addIntoLoop);
        expect(Array.from(parts[0])).toEqual(Array.from(whole));
        const reference = make();
        for (let i = 0; i < n; i++) {
          let sum = 0;
          for (let s = 0; s < shards; s++) sum += reference[s][i];
          expect(Math.abs(whole[i] - sum)).toBeLessThanOrEqual(1e-5 * shards * 3);
        }
      }),
      fcOptions(100),
    );
  });
});

describe('a claim’s partial sums', () => {
  it('each claim summed through sumLevel’s partial sums and mergesAfter’s additions, then the claims’ sums by treeAdds, gives reduceShards’s bits, with at most log2(size) partial sums besides the claim’s', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.constantFrom(1, 2, 4, 8, 16, 32), fc.integer({ min: 1, max: 30 }), fc.boolean(), (shards, size, n, backwards) => {
        const make = (): Float32Array[] => Array.from({ length: shards }, (_, s) => Float32Array.from({ length: n }, (_, i) => Math.sin(s * 17 + i * 5) * 7));
        const whole = reduceShards(make(), shards, 0, n, addIntoLoop);
        const grads = make();
        const depth = Math.log2(size);
        const claims = Math.ceil(shards / size);
        const sums = Array.from({ length: claims }, () => new Float32Array(n));
        const partials = Array.from({ length: depth }, () => new Float32Array(n));
        // Whichever thread runs a claim, in whatever order, it needs only its own partial sums.
        const order = Array.from({ length: claims }, (_, k) => (backwards ? claims - 1 - k : k));
        for (const k of order) {
          const first = k * size;
          const count = Math.min(size, shards - first);
          const at = (level: number): Float32Array => (level === 0 ? sums[k] : partials[level - 1]);
          for (let i = 0; i < count; i++) {
            const level = sumLevel(i);
            expect(level).toBeLessThanOrEqual(depth);
            at(level).set(grads[first + i]);
            for (let q = level; q > level - mergesAfter(i, count); q--) addIntoLoop(at(q - 1), at(q), 0, n);
          }
        }
        for (const { dst, src } of treeAdds(claims)) addIntoLoop(sums[dst], sums[src], 0, n);
        expect(Array.from(new Uint32Array(sums[0].buffer))).toEqual(Array.from(new Uint32Array(whole.buffer)));
      }),
      fcOptions(200),
    );
  });

  it('follows a binary counter: shard i writes one level per set bit of i and folds the subtrees it completes, and the last shard folds all', () => {
    expect(Array.from({ length: 8 }, (_, i) => sumLevel(i))).toEqual([0, 1, 1, 2, 1, 2, 2, 3]);
    expect(Array.from({ length: 8 }, (_, i) => mergesAfter(i, 8))).toEqual([0, 1, 0, 2, 0, 1, 0, 3]);
    expect(Array.from({ length: 7 }, (_, i) => mergesAfter(i, 7))).toEqual([0, 1, 0, 2, 0, 1, 2]);
  });
});
