import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addIntoLoop, reduceShards } from '../../src/parallel/reduce.js';
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
