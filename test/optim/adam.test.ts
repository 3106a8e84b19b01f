// Tests of Adam against a float64 reference, its bias correction at step 1, a quadratic, and its wasm kernel against its loop.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KernelMemory } from '../../src/kernels/kernel-memory.js';
import { createOptimizer } from '../../src/optim/create-optimizer.js';
import type { Allocate, Optimizer } from '../../src/optim/optimizer.js';
import { fcOptions } from '../support/fc.js';
import { closeTo, optimConfig, problems, recordingAllocator, referenceAdam } from './fixtures.js';

/** Adam over n parameters, its moments from `allocate`. */
function adamOver(n: number, weightDecay: number, allocate: Allocate): Optimizer {
  return createOptimizer(optimConfig({ optimizer: 'adam', weightDecay }), n, allocate);
}
import { expectParity, parityCases } from './parity.js';

describe('adam', () => {
  it('a few steps equal the float64 reference (bias-corrected m̂ / (√v̂ + ε))', () => {
    fc.assert(
      fc.property(problems, ({ params, grads, lr, weightDecay }) => {
        const p = Float32Array.from(params);
        const adam = adamOver(p.length, weightDecay, recordingAllocator().allocate);
        for (const g of grads) adam.step(p, Float32Array.from(g), lr);
        expect(closeTo(p, referenceAdam(params, grads, lr, weightDecay))).toBe(true);
      }),
      fcOptions(200),
    );
  });

  it('the bias-corrected first step moves each parameter by lr·g/(|g| + ε), about lr against the sign of g', () => {
    const grads = [3, -0.001, 1e-6, 0];
    const p = new Float32Array(grads.length);
    adamOver(grads.length, 0, recordingAllocator().allocate).step(p, Float32Array.from(grads), 0.01);
    for (let i = 0; i < grads.length; i++) {
      const expected = (-0.01 * grads[i]) / (Math.abs(grads[i]) + 1e-8);
      expect(Math.abs(p[i] - expected)).toBeLessThanOrEqual(1e-7 * Math.abs(expected) + 1e-12);
    }
    expect(p[0]).toBeCloseTo(-0.01, 8);
    expect(p[1]).toBeCloseTo(0.01, 6);
  });

  it('counts steps in its state, and restoring the count resumes the bias correction', () => {
    const { allocate, given } = recordingAllocator();
    const adam = adamOver(2, 0, allocate);
    const p = new Float32Array(2);
    adam.step(p, Float32Array.from([1, 2]), 0.1);
    adam.step(p, Float32Array.from([1, 2]), 0.1);
    const state = adam.state();
    expect(state.scalars).toEqual({ step: 2 });
    expect(state.buffers.m).toBe(given.get('m'));
    expect(state.buffers.v).toBe(given.get('v'));
    expect(() => adam.restore({})).toThrow("adam's saved step count undefined is not a non-negative integer");
    expect(() => adam.restore({ step: 1.5 })).toThrow('not a non-negative integer');
  });

  it('over kernel memory, adam_f32 gives the TypeScript loop\'s bits, from step 1 or a resumed step, for any n, offsets, state and hyper-parameters', () => {
    const memory = KernelMemory.main();
    const resumedAt = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 100_000 }));
    fc.assert(
      fc.property(parityCases, resumedAt, (c, step) =>
        expectParity(memory, c, 'adam_f32', (allocate) => {
          const adam = adamOver(c.n, c.weightDecay, allocate);
          adam.restore({ step });
          return adam;
        }),
      ),
      fcOptions(100),
    );
  });

  it('minimises a quadratic ½·Σ a·(p − c)²', () => {
    const a = [0.5, 1, 2];
    const c = [3, -1, 0.25];
    const p = new Float32Array(3);
    const g = new Float32Array(3);
    const adam = adamOver(3, 0, recordingAllocator().allocate);
    for (let step = 0; step < 2000; step++) {
      for (let i = 0; i < 3; i++) g[i] = a[i] * (p[i] - c[i]);
      adam.step(p, g, 0.05);
    }
    for (let i = 0; i < 3; i++) expect(p[i]).toBeCloseTo(c[i], 3);
  });
});
