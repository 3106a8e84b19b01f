import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultShardCount, shardRanges } from '../../src/parallel/shards.js';
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
});
