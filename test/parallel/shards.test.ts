import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MIN_CLAIM_ROWS, claimGroups, claimSize, defaultShardCount, shardRanges } from '../../src/parallel/shards.js';
import { fcOptions } from '../support/fc.js';

describe('shard decomposition', () => {
  it('shards cover the batch in order, without gaps, empty shards or sizes differing by more than one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 64 }), (rows, shards) => {
        const ranges = shardRanges(rows, shards);
        expect(ranges.length).toBe(Math.min(rows, shards));
        let next = 0;
        for (const r of ranges) {
          expect(r.start).toBe(next);
          expect(r.rows).toBeGreaterThan(0);
          next += r.rows;
        }
        expect(next).toBe(rows);
        const sizes = ranges.map((r) => r.rows);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
      fcOptions(200),
    );
  });

  it('the default shard count depends on the batch size alone', () => {
    expect(defaultShardCount(1)).toBe(1);
    expect(defaultShardCount(128)).toBe(8);
    expect(defaultShardCount(1024)).toBe(16);
    expect(defaultShardCount(17)).toBe(1);
  });

  it('claims are a power of two in size, give every thread one of its own, and leave about as many again for whichever threads finish first', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 32 }), fc.integer({ min: 1, max: 512 }), (shards, threads, shardRows) => {
        const size = claimSize(shards, threads, shardRows);
        expect(Number.isInteger(Math.log2(size))).toBe(true);
        const claims = Math.ceil(shards / size);
        if (threads === 1) expect(claims).toBe(1);
        else {
          // Every thread has a claim of its own where there are shards enough.
          expect(claims).toBeGreaterThanOrEqual(Math.min(threads, shards));
          // Claims never shrink below MIN_CLAIM_ROWS rows unless that would take some thread's claim away.
          if (size * shardRows < MIN_CLAIM_ROWS) expect(2 * size).toBeGreaterThan(Math.floor(shards / threads));
          // …and are no larger than half a fair share unless they must be, for rows or for a power of two.
          if (size > 1 && size * shardRows >= 2 * MIN_CLAIM_ROWS) expect(size).toBeLessThanOrEqual(shards / (2 * threads));
        }
        const groups = claimGroups(Array.from({ length: shards }, (_, s) => s), size);
        expect(groups.flat()).toEqual(Array.from({ length: shards }, (_, s) => s));
        expect(groups.length).toBe(claims);
      }),
      fcOptions(300),
    );
  });

  it('claims for the default batches: one thread takes all, two take quarters at batch 1024, halves at batch 128; sixteen take one shard each', () => {
    expect(claimSize(16, 1, 64)).toBe(16);
    expect(claimSize(16, 2, 64)).toBe(4);
    expect(claimSize(16, 4, 64)).toBe(2);
    expect(claimSize(16, 8, 64)).toBe(1);
    expect(claimSize(16, 16, 64)).toBe(1);
    expect(claimSize(8, 2, 16)).toBe(4);
    expect(claimSize(8, 4, 16)).toBe(2);
    expect(claimSize(8, 16, 16)).toBe(1);
  });
});
