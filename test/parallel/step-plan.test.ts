// The step plan: what every thread reads of a step, checked for the laws the threads rely on.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parameterLayout } from '../../src/nn/parameters.js';
import { treeAdds } from '../../src/parallel/reduce.js';
import { planLayout } from '../../src/parallel/layout.js';
import { PASS_ROWS, planEpoch, planStep } from '../../src/parallel/step-plan.js';
import { fcOptions } from '../support/fc.js';

const shape = fc.record({
  batchRows: fc.integer({ min: 1, max: 3000 }),
  shards: fc.integer({ min: 1, max: 40 }),
  threads: fc.integer({ min: 1, max: 24 }),
  inputs: fc.integer({ min: 1, max: 900 }),
  hidden: fc.integer({ min: 1, max: 40 }),
});

describe('planStep', () => {
  it('claims are runs of claimSize consecutive shards covering the batch; passes cover each claim in order, none over passRows rows but a lone shard', () => {
    fc.assert(
      fc.property(shape, ({ batchRows, shards, threads, inputs, hidden }) => {
        const plan = planStep(batchRows, shards, threads, [inputs, hidden, 10]);
        expect(plan.claims.flatMap((claim) => claim.shards)).toEqual(plan.shards);
        expect(plan.depth).toBe(Math.log2(plan.claimSize));
        expect(plan.passRows).toBeLessThanOrEqual(Math.max(plan.shards[0].rows, PASS_ROWS));
        for (const [k, claim] of plan.claims.entries()) {
          expect(claim.shards[0].shard).toBe(k * plan.claimSize);
          if (k < plan.claims.length - 1) expect(claim.shards.length).toBe(plan.claimSize);
          expect(claim.passes.flatMap((pass) => pass.shards.map(({ shard }) => shard))).toEqual(claim.shards);
          // The partial sums a claim's shards go to never pass the thread's depth.
          expect(claim.passes.every((pass) => pass.shards.every(({ level }) => level <= plan.depth))).toBe(true);
          for (const pass of claim.passes) {
            expect(pass.start).toBe(pass.shards[0].shard.start);
            expect(pass.rows).toBe(pass.shards.reduce((sum, { shard }) => sum + shard.rows, 0));
            if (pass.shards.length > 1) expect(pass.rows).toBeLessThanOrEqual(plan.passRows);
          }
        }
        expect(plan.networkRows).toBeGreaterThanOrEqual(plan.passRows);
      }),
      fcOptions(300),
    );
  });

  it('tile items follow the claims, each claim owning exactly its shards’ tiles; there are tiles only where threads outnumber claims, and then every claim is one shard', () => {
    fc.assert(
      fc.property(shape, ({ batchRows, shards, threads, inputs, hidden }) => {
        const plan = planStep(batchRows, shards, threads, [inputs, hidden, 10]);
        const claims = plan.claims.length;
        expect(plan.tiles.length).toBe(plan.shards.length * plan.tileColumns.length);
        for (const claim of plan.claims) {
          const owned = plan.tiles.slice(claim.tilesFrom - claims, claim.tilesTo - claims).map((tile) => tile.shard);
          expect(new Set(owned)).toEqual(new Set(plan.tileColumns.length === 0 ? [] : claim.shards));
        }
        if (plan.tileColumns.length > 0) {
          expect(threads).toBeGreaterThan(claims);
          expect(plan.claimSize).toBe(1);
          expect(plan.sizes.storeRows).toBe(batchRows);
        }
        expect(plan.sizes.items).toBeGreaterThanOrEqual(Math.max(claims + plan.tiles.length, plan.chunks.length));
      }),
      fcOptions(300),
    );
  });

  it('each claim folds all its partial sums into its own (as many additions as shards but one), the update adds the claims’ sums by the tree, and chunks cover the parameters', () => {
    fc.assert(
      fc.property(shape, ({ batchRows, shards, threads, inputs, hidden }) => {
        const widths = [inputs, hidden, 10];
        const plan = planStep(batchRows, shards, threads, widths);
        for (const claim of plan.claims) {
          const merges = claim.passes.flatMap((pass) => pass.shards.map(({ merges }) => merges));
          expect(merges.reduce((sum, m) => sum + m, 0)).toBe(claim.shards.length - 1);
        }
        expect(plan.shared).toEqual(treeAdds(plan.claims.length));
        expect(plan.chunks[0].begin).toBe(0);
        expect(plan.chunks[plan.chunks.length - 1].end).toBe(parameterLayout(widths).count);
      }),
      fcOptions(200),
    );
  });
});

describe('gradient memory', () => {
  it('grows with threads and the depth of a claim, not with shards: at most min(shards, 4 × threads) claim sums and log2 of the shards partial sums a thread', () => {
    fc.assert(
      fc.property(shape, ({ batchRows, shards, threads, inputs, hidden }) => {
        const plan = planStep(batchRows, shards, threads, [inputs, hidden, 10]);
        expect(plan.sizes.claims).toBeLessThanOrEqual(Math.min(plan.shards.length, 4 * threads));
        expect(2 ** plan.sizes.depth).toBeLessThan(2 * plan.shards.length);
      }),
      fcOptions(300),
    );
  });

  it('784-8192-8192-10 with Adam on MNIST fits the 4 GiB shared memory at batch 1024 on 2 threads', () => {
    const [plan] = planEpoch(60_000, 1024, 16, 2, [784, 8192, 8192, 10]);
    const sizes = { ...plan.sizes, sampleCount: 60_000, targets: 'classes' as const, testCount: 10_000, validationCount: 0, optimizerBuffers: ['m', 'v'] };
    expect([sizes.claims, sizes.depth]).toEqual([4, 2]);
    expect(planLayout(sizes, 0).bytes + sizes.scratchBytes).toBeLessThan(3.5 * 2 ** 30);
  });
});

describe('planEpoch', () => {
  it('a short last batch keeps the full batches’ claim size, passes and tiles, and needs no more of the layout than they do', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 1100 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 24 }), (samples, batchSize, shards, threads) => {
        const plans = planEpoch(samples, batchSize, shards, threads, [300, 20, 10]);
        const [full, last] = plans;
        expect(full.batchRows).toBe(Math.min(batchSize, samples));
        expect(plans.length).toBe(batchSize < samples && samples % batchSize > 0 ? 2 : 1);
        if (last === undefined) return;
        expect(last.batchRows).toBe(samples % batchSize);
        expect([last.claimSize, last.passRows, last.tileColumns]).toEqual([full.claimSize, full.passRows, full.tileColumns]);
        for (const key of ['shards', 'claims', 'depth', 'items', 'storeRows', 'scratchBytes'] as const) expect(last.sizes[key]).toBeLessThanOrEqual(full.sizes[key]);
      }),
      fcOptions(300),
    );
  });
});
