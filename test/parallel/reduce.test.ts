import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addIntoLoop, reduceShards, splitTree, treeAdds } from '../../src/parallel/reduce.js';
import { claimGroups } from '../../src/parallel/shards.js';
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

describe('splitTree', () => {
  it('each claim’s own additions, in any order of the claims, then the shared ones by range, give reduceShards’s bits; a claim’s additions touch only its shards', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 17 }), fc.constantFrom(1, 2, 4, 8, 16), fc.integer({ min: 1, max: 30 }), fc.nat(), fc.boolean(), (shards, size, n, cut, backwards) => {
        const make = (): Float32Array[] => Array.from({ length: shards }, (_, s) => Float32Array.from({ length: n }, (_, i) => Math.sin(s * 17 + i * 5) * 7));
        const whole = reduceShards(make(), shards, 0, n, addIntoLoop);
        const groups = claimGroups(Array.from({ length: shards }, (_, s) => s), size);
        const { local, shared } = splitTree(shards, groups);
        expect(local.flat().length + shared.length).toBe(treeAdds(shards).length);
        local.forEach((adds, g) => {
          for (const add of adds) for (let s = add.dst; s < add.end; s++) expect(groups[g]).toContain(s);
        });
        const grads = make();
        // Whichever threads run the claims, in whatever order; the shared additions follow, range by range.
        for (const adds of backwards ? [...local].reverse() : local) for (const { dst, src } of adds) addIntoLoop(grads[dst], grads[src], 0, n);
        const at = cut % (n + 1);
        for (const [begin, end] of [[0, at], [at, n]]) for (const { dst, src } of shared) addIntoLoop(grads[dst], grads[src], begin, end);
        expect(Array.from(new Uint32Array(grads[0].buffer))).toEqual(Array.from(new Uint32Array(whole.buffer)));
        // A claim of a power-of-two size is a whole subtree: all its additions are its own.
        groups.forEach((group, g) => expect(local[g].length).toBe(group.length - 1));
      }),
      fcOptions(200),
    );
  });

  it('leaves nothing shared for one group, and for 8 shards in 2 groups shares only the last addition', () => {
    expect(splitTree(8, [[0, 1, 2, 3, 4, 5, 6, 7]]).shared).toEqual([]);
    const split = splitTree(8, [[0, 1, 2, 3], [4, 5, 6, 7]]);
    expect(split.shared).toEqual([{ dst: 0, src: 4, end: 8 }]);
    expect(split.local.map((adds) => adds.length)).toEqual([3, 3]);
  });
});
