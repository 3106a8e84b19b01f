// Tests of heavy-ball and Nesterov momentum against a float64 reference, and on a quadratic.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KernelMemory } from '../../src/kernels/kernel-memory.js';
import { createOptimizer } from '../../src/optim/create-optimizer.js';
import type { Allocate, Optimizer } from '../../src/optim/optimizer.js';
import { fcOptions } from '../support/fc.js';
import { closeTo, optimConfig, problems, recordingAllocator, referenceMomentum } from './fixtures.js';

/** Momentum μ over n parameters, its velocity from `allocate`. */
function momentum(n: number, mu: number, nesterov: boolean, weightDecay: number, allocate: Allocate): Optimizer {
  return createOptimizer(optimConfig({ optimizer: 'momentum', momentum: mu, nesterov, weightDecay }), n, allocate);
}
import { expectParity, parityCases } from './parity.js';

describe('momentum', () => {
  for (const nesterov of [false, true]) {
    it(`a few steps equal the float64 reference v ← μv + g, p ← p − lr·${nesterov ? '(g + μv)' : 'v'}`, () => {
      fc.assert(
        fc.property(problems, fc.constantFrom(0, 0.5, 0.9, 0.99), ({ params, grads, lr, weightDecay }, mu) => {
          const p = Float32Array.from(params);
          const optimizer = momentum(p.length, mu, nesterov, weightDecay, recordingAllocator().allocate);
          for (const g of grads) optimizer.step(p, Float32Array.from(g), lr);
          expect(closeTo(p, referenceMomentum(params, grads, lr, mu, nesterov, weightDecay))).toBe(true);
        }),
        fcOptions(200),
      );
    });

    it(`over kernel memory, momentum_f32 (nesterov ${nesterov}) gives the TypeScript loop's bits, for any n, offsets, state and hyper-parameters`, () => {
      const memory = KernelMemory.main();
      fc.assert(
        fc.property(parityCases, (c) =>
          expectParity(memory, c, 'momentum_f32', (allocate) => momentum(c.n, c.mu, nesterov, c.weightDecay, allocate)),
        ),
        fcOptions(100),
      );
    });
  }

  it('keeps v = μv + g in the velocity buffer (lr outside it)', () => {
    const { allocate, given } = recordingAllocator();
    const optimizer = momentum(1, 0.5, false, 0, allocate);
    const p = Float32Array.from([0]);
    optimizer.step(p, Float32Array.from([2]), 0.1);
    optimizer.step(p, Float32Array.from([2]), 0.01);
    expect(Array.from(given.get('velocity') ?? [])).toEqual([3]);
    expect(p[0]).toBe(Math.fround(Math.fround(-0.2) - 0.03));
  });

  it('minimises a quadratic ½·Σ a·(p − c)², with and without Nesterov', () => {
    for (const nesterov of [false, true]) {
      const a = [0.5, 1, 2];
      const c = [3, -1, 0.25];
      const p = new Float32Array(3);
      const g = new Float32Array(3);
      const optimizer = momentum(3, 0.9, nesterov, 0, recordingAllocator().allocate);
      for (let step = 0; step < 300; step++) {
        for (let i = 0; i < 3; i++) g[i] = a[i] * (p[i] - c[i]);
        optimizer.step(p, g, 0.1);
      }
      for (let i = 0; i < 3; i++) expect(p[i]).toBeCloseTo(c[i], 4);
    }
  });
});
