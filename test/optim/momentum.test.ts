// Tests of heavy-ball and Nesterov momentum against a float64 reference, and on a quadratic.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KernelMemory } from '../../src/kernels/kernel-memory.js';
import { Momentum } from '../../src/optim/momentum.js';
import { fcOptions } from '../support/fc.js';
import { closeTo, problems, recordingAllocator, referenceMomentum } from './fixtures.js';
import { expectParity, parityCases } from './parity.js';

describe('Momentum', () => {
  for (const nesterov of [false, true]) {
    it(`a few steps equal the float64 reference v ← μv + g, p ← p − lr·${nesterov ? '(g + μv)' : 'v'}`, () => {
      fc.assert(
        fc.property(problems, fc.constantFrom(0, 0.5, 0.9, 0.99), ({ params, grads, lr, weightDecay }, mu) => {
          const p = Float32Array.from(params);
          const momentum = new Momentum(p.length, mu, nesterov, weightDecay, recordingAllocator().allocate);
          for (const g of grads) momentum.step(p, Float32Array.from(g), lr);
          expect(closeTo(p, referenceMomentum(params, grads, lr, mu, nesterov, weightDecay))).toBe(true);
        }),
        fcOptions(200),
      );
    });

    it(`over kernel memory, momentum_f32 (nesterov ${nesterov}) gives the TypeScript loop's bits, for any n, offsets, state and hyper-parameters`, () => {
      const memory = KernelMemory.main();
      fc.assert(
        fc.property(parityCases, (c) =>
          expectParity(memory, c, 'momentum_f32', (allocate) => new Momentum(c.n, c.mu, nesterov, c.weightDecay, allocate)),
        ),
        fcOptions(100),
      );
    });
  }

  it('keeps v = μv + g in the velocity buffer (lr outside it)', () => {
    const { allocate, given } = recordingAllocator();
    const momentum = new Momentum(1, 0.5, false, 0, allocate);
    const p = Float32Array.from([0]);
    momentum.step(p, Float32Array.from([2]), 0.1);
    momentum.step(p, Float32Array.from([2]), 0.01);
    expect(Array.from(given.get('velocity') ?? [])).toEqual([3]);
    expect(p[0]).toBe(Math.fround(Math.fround(-0.2) - 0.03));
  });

  it('minimises a quadratic ½·Σ a·(p − c)², with and without Nesterov', () => {
    for (const nesterov of [false, true]) {
      const a = [0.5, 1, 2];
      const c = [3, -1, 0.25];
      const p = new Float32Array(3);
      const g = new Float32Array(3);
      const momentum = new Momentum(3, 0.9, nesterov, 0, recordingAllocator().allocate);
      for (let step = 0; step < 300; step++) {
        for (let i = 0; i < 3; i++) g[i] = a[i] * (p[i] - c[i]);
        momentum.step(p, g, 0.1);
      }
      for (let i = 0; i < 3; i++) expect(p[i]).toBeCloseTo(c[i], 4);
    }
  });
});
